package dev.cairn.history.lucene;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.history.HistoryEvent;
import dev.cairn.history.LookupQuery;
import dev.cairn.history.LookupResult;
import dev.cairn.history.StoredEvent;
import dev.cairn.journal.JournalPosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;

/**
 * The compatibility kit against a Lucene store that trains a record dictionary after 20 events and again
 * at every doubling, so that its events are compressed with several; and what dictionaries must keep:
 * exact records across segments, merges, reopening and deletions, and the rebuild of an older format.
 */
class LuceneEventStoreDictionariesTest extends LuceneEventStoreKitBase {

    @Override
    LuceneEventStoreConfig config() {
        return LuceneEventStoreConfig.defaults().withLookupTailEvents(3);
    }

    @Override
    RecordCompressor.Training training() {
        return new RecordCompressor.Training(20, 2, 10_000, 1.5, 1_000_000);
    }

    @Test
    void everyRecordReadsBackExactlyAcrossDictionariesSegmentsAndReopening() {
        Map<String, String> json = new HashMap<>();
        for (int batch = 0; batch < 30; batch++) {
            List<StoredEvent> events = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = batch * 20 + i;
                StoredEvent event = stored(createUser("e" + n, T0.plusSeconds(n), "alice", "user-" + n));
                events.add(event);
                json.put("e" + n, new String(event.json(), UTF_8));
            }
            current.append(events);
            if (batch % 4 == 3) {
                current.commit(JournalPosition.beginning().with(0, batch));
                current.lookup(all()); // refreshes: another segment
            }
        }
        assertThat(records(current)).isEqualTo(json);
        assertThat(current.recordDictionary())
                .as("trained at 20, 60, 140 and 300 events")
                .isEqualTo(4);

        reopen();
        assertThat(records(current))
                .as("after reopening, read with the dictionaries the index keeps")
                .isEqualTo(json);
        assertThat(current.size()).as("dictionaries are not events").isEqualTo(600);
        assertThat(current.recordDictionary()).isEqualTo(4);
    }

    @Test
    void eventsAddedAfterEveryOlderOneWasDeletedReadBack() {
        for (int i = 0; i < 100; i++) {
            current.append(List.of(stored(base("old" + i, T0.plusSeconds(i)).build())));
        }
        current.commit(JournalPosition.beginning().with(0, 1));
        assertThat(current.deleteBefore(T0.plusSeconds(1_000))).isEqualTo(100);
        Map<String, String> json = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            StoredEvent event =
                    stored(base("new" + i, T0.plusSeconds(2_000 + i)).build());
            current.append(List.of(event));
            json.put("new" + i, new String(event.json(), UTF_8));
        }
        current.commit(JournalPosition.beginning().with(0, 2));
        reopen();

        assertThat(records(current)).isEqualTo(json);
        assertThat(current.size()).isEqualTo(50);
    }

    @Test
    void eventsAddedAfterAClearReadBack() {
        for (int i = 0; i < 60; i++) {
            current.append(List.of(stored(base("before" + i, T0.plusSeconds(i)).build())));
        }
        current.lookup(all());
        current.clear();
        Map<String, String> json = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            StoredEvent event = stored(createUser("after" + i, T0.plusSeconds(i), "bob", "u" + i));
            current.append(List.of(event));
            json.put("after" + i, new String(event.json(), UTF_8));
        }

        assertThat(records(current)).isEqualTo(json);
        reopen();
        assertThat(records(current)).isEqualTo(json);
    }

    @Test
    void anIndexOfTheFormerFormatStartsEmptyToBeRebuiltFromTheJournal() throws Exception {
        for (int i = 0; i < 30; i++) {
            current.append(List.of(stored(base("e" + i, T0.plusSeconds(i)).build())));
        }
        current.commit(JournalPosition.beginning().with(0, 30));
        current.close();
        try (Directory dir = FSDirectory.open(directory.resolve("history"));
                IndexWriter writer =
                        new IndexWriter(dir, new IndexWriterConfig().setIndexSort(LuceneEventStore.SORT))) {
            Map<String, String> former =
                    new HashMap<>(SegmentInfos.readLatestCommit(dir).getUserData());
            assertThat(former).containsEntry(LuceneEventStore.FORMAT_KEY, LuceneEventStore.FORMAT);
            former.put(LuceneEventStore.FORMAT_KEY, "2"); // records as JSON, not as literals
            writer.setLiveCommitData(former.entrySet());
            writer.commit();
        }
        open();

        assertThat(current.committedPosition()).isEmpty();
        assertThat(current.size()).isZero();
        assertThat(current.lookup(all()).events()).isEmpty();
        current.append(List.of(stored(base("again", T0).build())));
        assertThat(ids(current.lookup(all()))).containsExactly("again");
    }

    /** Every event of the store by its eventId, with its record as LookupEvents shows it. */
    private static Map<String, String> records(LuceneEventStore store) {
        LookupQuery everything = new LookupQuery(
                ACCOUNT, REGION, null, T0.minusSeconds(1), Instant.parse("2100-01-01T00:00:00Z"), false, 50, null);
        Map<String, String> seen = new HashMap<>();
        LookupResult page = store.lookup(everything);
        while (true) {
            for (HistoryEvent event : page.events()) {
                assertThat(seen.put(event.eventId(), event.cloudTrailEvent())).isNull();
            }
            if (page.next() == null) {
                return seen;
            }
            page = store.lookup(everything.withAfter(page.next()));
        }
    }
}
