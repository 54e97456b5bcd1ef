package dev.cairn.cli.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeArgumentTest {
    private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");

    @ParameterizedTest(name = "{0} means {1}")
    @CsvSource({
        "45s, 2026-01-15T11:59:15Z",
        "30m, 2026-01-15T11:30:00Z",
        "1h, 2026-01-15T11:00:00Z",
        "36h, 2026-01-14T00:00:00Z",
        "7d, 2026-01-08T12:00:00Z",
        "2w, 2026-01-01T12:00:00Z",
        "0m, 2026-01-15T12:00:00Z",
        "now, 2026-01-15T12:00:00Z",
        "NOW, 2026-01-15T12:00:00Z"
    })
    void aSpanMeansThatLongBeforeNow(String text, Instant expected) {
        assertThat(TimeArgument.parse("--start", text, NOW)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} means {1}")
    @CsvSource({
        "2026-01-10T08:30:00Z, 2026-01-10T08:30:00Z",
        "2026-01-10T08:30:00.250Z, 2026-01-10T08:30:00.250Z",
        "2026-01-10T10:30:00+02:00, 2026-01-10T08:30:00Z",
        "2026-01-10, 2026-01-10T00:00:00Z",
        "' 2026-01-10T08:30:00Z ', 2026-01-10T08:30:00Z"
    })
    void anInstantOrADateIsTakenAsItIs(String text, Instant expected) {
        assertThat(TimeArgument.parse("--start", text, NOW)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"", "1", "h", "1y", "-1h", "1.5h", "2026-01-10T08:30:00", "yesterday", "2026-13-01"})
    void anythingElseIsRefusedNamingTheOptionAndTheForms(String text) {
        assertThatThrownBy(() -> TimeArgument.parse("--end", text, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--end '" + text + "' is not a time")
                .hasMessageContaining("2026-01-15T10:00:00Z")
                .hasMessageContaining("30m");
    }
}
