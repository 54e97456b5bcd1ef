package dev.cairn.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimeTest {

    @Test
    void timesAreWrittenInWholeUtcSeconds() {
        assertThat(EventTime.format(Instant.parse("2019-06-19T00:18:31.999Z"))).isEqualTo("2019-06-19T00:18:31Z");
        assertThat(EventTime.format(Instant.parse("0000-01-01T00:00:00Z"))).isEqualTo("0000-01-01T00:00:00Z");
        assertThat(EventTime.format(Instant.parse("9999-12-31T23:59:59Z"))).isEqualTo("9999-12-31T23:59:59Z");
        assertThat(EventTime.format(Instant.parse("1969-12-31T23:59:59Z"))).isEqualTo("1969-12-31T23:59:59Z");
    }

    @Test
    void parsingAndFormattingAreInverse() {
        for (String text : new String[] {"2024-02-29T12:00:00Z", "1970-01-01T00:00:00Z", "2019-06-19T23:59:59Z"}) {
            Instant time = EventTime.parse(text);
            assertThat(time).isEqualTo(Instant.parse(text));
            assertThat(EventTime.format(time)).isEqualTo(text);
        }
    }

    @Test
    void onlyValidTimesInExactlyTheCloudTrailFormAreParsed() {
        assertThatThrownBy(() -> EventTime.parse("2019-02-29T00:00:00Z")).hasMessage("no such date: 2019-02-29");
        assertThatThrownBy(() -> EventTime.parse("2019-06-19T24:00:00Z")).hasMessage("no such time of day: 24:00:00");
        assertThatThrownBy(() -> EventTime.parse("2019-06-19T23:59:60Z")).hasMessage("no such time of day: 23:59:60");
        for (String text : new String[] {
            "2019-06-19T00:18:31",
            "2019-06-19T00:18:31.0Z",
            "2019-6-19T00:18:31Z",
            "2019-06-19 00:18:31Z",
            "+2019-06-19T00:18:3Z",
            "20131102T010628Z"
        }) {
            assertThatThrownBy(() -> EventTime.parse(text)).hasMessage("not in the form yyyy-MM-ddTHH:mm:ssZ");
        }
    }

    @Test
    void timesWithoutAFourDigitYearCannotBeWritten() {
        assertThat(EventTime.isWritable(Instant.parse("-0001-12-31T23:59:59Z"))).isFalse();
        assertThatThrownBy(() -> EventTime.format(Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
