package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    final DurationConverter converter = new DurationConverter();

    @Test
    void readsAWholeNumberWithAUnit() {
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert(" 30d ")).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void readsIso8601() {
        assertThat(converter.convert("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void refusesAnythingElseNamingTheValueAndTheForms() {
        assertThatThrownBy(() -> converter.convert("1.5h"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'1.5h' is not a duration")
                .hasMessageContaining("60s");
        assertThatThrownBy(() -> converter.convert("10 minutes")).isInstanceOf(TypeConversionException.class);
    }
}
