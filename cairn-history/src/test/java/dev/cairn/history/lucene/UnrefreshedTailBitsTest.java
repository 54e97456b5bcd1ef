package dev.cairn.history.lucene;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.event.CloudTrailJson;
import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryFields;
import dev.cairn.history.HistoryRecord;
import dev.cairn.history.LookupAttributeKey;
import dev.cairn.history.RecordText;
import dev.cairn.history.StoredEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The attribute bits by which the unrefreshed tail turns most events away without reading them. */
class UnrefreshedTailBitsTest {

    private static List<HistoryEvent> corpus() throws IOException {
        try (InputStream in = UnrefreshedTailBitsTest.class.getResourceAsStream("/corpus/cloudtrail-events.jsonl")) {
            return new String(in.readAllBytes(), UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank())
                    .map(line -> HistoryRecord.of(new StoredEvent(CloudTrailJson.parse(line), line.getBytes(UTF_8)))
                            .shown(RecordText.EMPTY))
                    .toList();
        }
    }

    @Test
    void anEventHasTheBitOfEveryValueItMatchesUnderEveryKey() throws IOException {
        int checked = 0;
        for (HistoryEvent event : corpus()) {
            long bits = UnrefreshedTail.attributeBitsOf(event);
            for (LookupAttributeKey key : LookupAttributeKey.values()) {
                if (key == LookupAttributeKey.EventId) {
                    continue; // found by its own map
                }
                for (String value : HistoryFields.values(event, key)) {
                    assertThat(bits & UnrefreshedTail.bitOf(key, value))
                            .as("%s %s=%s", event.eventId(), key, value)
                            .isNotZero();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(3_000);
    }

    @Test
    void mostEventsAreTurnedAwayByTheBitsOfAValueTheyDoNotHave() throws IOException {
        List<HistoryEvent> events = corpus();
        int passed = 0;
        for (HistoryEvent event : events) {
            if ((UnrefreshedTail.attributeBitsOf(event) & UnrefreshedTail.bitOf(LookupAttributeKey.EventName, "Nope"))
                    != 0) {
                passed++;
            }
        }
        assertThat(passed).as("events looked at further, of %d", events.size()).isLessThan(events.size() / 4);
    }

    @Test
    void theSameValueUnderAnotherKeyHasItsOwnBitMostly() {
        int same = 0;
        for (int i = 0; i < 1_000; i++) {
            String value = "value-" + i;
            if (UnrefreshedTail.bitOf(LookupAttributeKey.EventName, value)
                    == UnrefreshedTail.bitOf(LookupAttributeKey.Username, value)) {
                same++;
            }
        }
        assertThat(same).isLessThan(60);
        assertThat(UnrefreshedTail.bitOf(LookupAttributeKey.Username, null)).isZero();
    }
}
