package dev.cairn.history.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.history.EventStoreException;
import dev.cairn.history.LookupQuery;
import dev.cairn.history.LookupResult;
import dev.cairn.history.StoredEvent;
import dev.cairn.journal.JournalPosition;
import java.nio.file.Files;
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

/** The compatibility kit, and what is particular to the Lucene store: files, segments, refused events. */
class LuceneEventStoreTest extends LuceneEventStoreKitBase {

    @Override
    LuceneEventStoreConfig config() {
        return LuceneEventStoreConfig.defaults();
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefusedWithTheReason() {
        assertThatThrownBy(() -> LuceneEventStore.open(directory.resolve("history")))
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining(directory.resolve("history").toString())
                .hasMessageContaining("write.lock");
    }

    @Test
    void theDirectoryIsCreatedOwnerOnly() throws Exception {
        assertThat(Files.getPosixFilePermissions(directory.resolve("history")))
                .extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE", "OWNER_EXECUTE");
    }

    @Test
    void anEventTheIndexRefusesLeavesTheOthersOfItsCallToARetry() {
        StoredEvent before = stored(base("before", T0).build());
        StoredEvent refused = stored(base("x".repeat(40_000), T0).build()); // longer than a Lucene term may be
        StoredEvent after = stored(base("after", T0).build());

        assertThatThrownBy(() -> current.append(List.of(before, refused, after)))
                .isInstanceOf(IllegalArgumentException.class);
        current.append(List.of(before, after));

        assertThat(ids(current.lookup(all()))).containsExactly("after", "before");
    }

    @Test
    void duplicatesOfOldEventsAreIgnoredAcrossManySegmentsAndMerges() {
        current.close();
        current = LuceneEventStore.open(
                directory.resolve("history"), LuceneEventStoreConfig.defaults().withRamBufferMegabytes(1));
        List<StoredEvent> all = new ArrayList<>();
        for (int batch = 0; batch < 40; batch++) {
            List<StoredEvent> events = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int n = batch * 500 + i;
                events.add(stored(base("e" + n, T0.plusSeconds(n / 10)).build()));
            }
            current.append(events);
            all.addAll(events);
            if (batch % 5 == 4) {
                current.commit(JournalPosition.beginning().with(0, batch));
                current.lookup(all()); // refreshes: more segments
            }
        }
        current.append(all.subList(0, 1_000)); // the oldest again
        current.append(all.subList(10_000, 11_000));

        LookupQuery everything = new LookupQuery(
                ACCOUNT, REGION, null, T0, T0.plusSeconds(10_000), false, LookupQuery.MAX_RESULTS, null);
        List<String> seen = new ArrayList<>();
        LookupResult page = current.lookup(everything);
        seen.addAll(ids(page));
        while (page.next() != null) {
            page = current.lookup(everything.withAfter(page.next()));
            seen.addAll(ids(page));
        }
        assertThat(seen).hasSize(20_000).doesNotHaveDuplicates();
        assertThat(current.size()).isEqualTo(20_000);
    }

    @Test
    void anEventBothUnrefreshedAndRefreshedIsReturnedOnceOnEveryPageSize() throws Exception {
        List<String> appended = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            current.append(List.of(stored(base("e" + i, T0.plusSeconds(i / 2)).build())));
            appended.add(0, "e" + i);
        }
        current.refreshLeavingTail();

        for (int size = 1; size <= 7; size++) {
            List<String> seen = new ArrayList<>();
            LookupResult page = current.lookup(all().withMaxResults(size));
            seen.addAll(ids(page));
            while (page.next() != null) {
                page = current.lookup(all().withMaxResults(size).withAfter(page.next()));
                seen.addAll(ids(page));
            }
            assertThat(seen).as("pages of %d", size).containsExactlyElementsOf(appended);
        }
    }

    @Test
    void sequencesGoOnAfterTheHighestStoredEvenWhenTheCommitSavedALowerNext() throws Exception {
        for (int i = 0; i < 10; i++) {
            current.append(List.of(stored(base("first" + i, T0).build())));
        }
        current.commit(JournalPosition.beginning().with(0, 10));
        current.close();
        try (Directory dir = FSDirectory.open(directory.resolve("history"));
                IndexWriter writer =
                        new IndexWriter(dir, new IndexWriterConfig().setIndexSort(LuceneEventStore.SORT))) {
            Map<String, String> data =
                    new HashMap<>(SegmentInfos.readLatestCommit(dir).getUserData());
            data.put(LuceneEventStore.NEXT_SEQUENCE_KEY, "1"); // as a commit saved before its events' numbers
            writer.setLiveCommitData(data.entrySet());
            writer.commit();
        }
        open();
        List<String> appended = new ArrayList<>();
        for (int i = 9; i >= 0; i--) {
            appended.add("first" + i);
        }
        for (int i = 0; i < 10; i++) {
            current.append(List.of(stored(base("second" + i, T0).build())));
            appended.add(0, "second" + i);
        }

        List<String> seen = new ArrayList<>();
        LookupResult page = current.lookup(all().withMaxResults(3));
        seen.addAll(ids(page));
        while (page.next() != null) {
            page = current.lookup(all().withMaxResults(3).withAfter(page.next()));
            seen.addAll(ids(page));
        }
        assertThat(seen).containsExactlyElementsOf(appended);
    }
}
