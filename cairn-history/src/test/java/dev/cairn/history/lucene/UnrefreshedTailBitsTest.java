package dev.cairn.history.lucene;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.event.CloudTrailJson;
import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryFields;
import dev.cairn.history.HistoryRecord;
import dev.cairn.history.LookupAttribute;
import dev.cairn.history.LookupAttributeKey;
import dev.cairn.history.RecordText;
import dev.cairn.history.StoredEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
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

    @Test
    void lookupsFindWhatABruteForceFindsAfterTheTailWrapsAndGrows() throws IOException {
        List<HistoryRecord> records = new ArrayList<>();
        try (InputStream in = UnrefreshedTailBitsTest.class.getResourceAsStream("/corpus/cloudtrail-events.jsonl")) {
            new String(in.readAllBytes(), UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank())
                    .forEach(line -> records.add(
                            HistoryRecord.of(new StoredEvent(CloudTrailJson.parse(line), line.getBytes(UTF_8)))));
        }
        UnrefreshedTail tail = new UnrefreshedTail(64L << 20);
        List<HistoryRecord> held = new ArrayList<>();
        long seqNo = 0;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 150; i++) {
                HistoryRecord record = records.get((int) (seqNo % records.size()));
                tail.add(seqNo, seqNo, record, record.shown(RecordText.EMPTY));
                held.add(record);
                seqNo++;
            }
            tail.pruneUpTo(seqNo - 100); // keeps the newest 99: the ring's start moves on, then it wraps
            held.subList(0, held.size() - 99).clear();
        }
        assertThat(tail.size()).isEqualTo(99);

        int compared = 0;
        for (HistoryRecord probe : held) {
            HistoryEvent fields = probe.shown(RecordText.EMPTY);
            for (LookupAttributeKey key : List.of(LookupAttributeKey.EventName, LookupAttributeKey.Username)) {
                for (String value : HistoryFields.values(fields, key)) {
                    LookupAttribute attribute = new LookupAttribute(key, value);
                    List<UnrefreshedTail.Event> found = tail.newest(
                            () -> -1,
                            probe.insight(),
                            probe.accountId(),
                            probe.awsRegion(),
                            attribute,
                            Long.MIN_VALUE,
                            Long.MAX_VALUE,
                            null,
                            1_000);
                    long expected = held.stream()
                            .filter(r -> r.insight() == probe.insight()
                                    && r.accountId().equals(probe.accountId())
                                    && r.awsRegion().equals(probe.awsRegion())
                                    && HistoryFields.has(r.shown(RecordText.EMPTY), key, value))
                            .count();
                    assertThat(found).as("%s=%s", key, value).hasSize((int) expected);
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(50);
    }
}
