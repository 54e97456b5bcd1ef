package dev.cairn.history.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.history.LookupAttribute;
import dev.cairn.history.LookupAttributeKey;
import dev.cairn.history.LookupQuery;
import dev.cairn.history.LookupResult;
import dev.cairn.history.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The compatibility kit against a Lucene store whose lookups search a tail of at most 3 unrefreshed
 * events, so that pages mix refreshed and unrefreshed events; and the tail under concurrent appends.
 */
class LuceneEventStoreSmallTailTest extends LuceneEventStoreKitBase {

    @Override
    LuceneEventStoreConfig config() {
        return LuceneEventStoreConfig.defaults().withLookupTailEvents(3);
    }

    @Test
    void pagesAcrossRefreshedAndUnrefreshedEventsReturnEachEventOnceInOrder() {
        List<String> appended = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = "e" + i;
            current.append(List.of(stored(base(id, T0.plusSeconds(i % 7)).build())));
            appended.add(id);
            if (i % 9 == 0) {
                current.lookup(all()); // refreshes when more than 3 wait, leaving a tail of 0 to 3
            }
        }
        List<String> seen = new ArrayList<>();
        LookupQuery query = all().withMaxResults(4);
        LookupResult page = current.lookup(query);
        seen.addAll(ids(page));
        int appendedDuring = 0;
        while (page.next() != null) {
            // events appended newer than the cursor do not shift the pages
            current.append(List.of(
                    stored(base("late" + appendedDuring++, T0.plusSeconds(100)).build())));
            page = current.lookup(query.withAfter(page.next()));
            seen.addAll(ids(page));
        }

        assertThat(seen).hasSize(40).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(appended);
        assertThat(seen.get(0)).isEqualTo("e34"); // the last of the newest second, 6
    }

    @Test
    void eventsTheFullTailDroppedAreFoundByRefreshingFirst() {
        current.close();
        // room for about two records: most appends drop the tail
        current = LuceneEventStore.open(
                directory.resolve("history"),
                LuceneEventStoreConfig.defaults().withLookupTailEvents(1_000),
                1_500,
                RecordCompressor.Training.defaults());
        List<String> appended = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            current.append(List.of(stored(base("d" + i, T0.plusSeconds(i)).build())));
            appended.add(0, "d" + i);
            if (i % 7 == 0) {
                assertThat(ids(current.lookup(all()))).containsExactlyElementsOf(appended);
            }
        }

        assertThat(ids(current.lookup(all()))).containsExactlyElementsOf(appended);
    }

    @Test
    void aLookupAfterAnAppendFindsTheEventWhileOthersAppendAndRefresh() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 300 && failures.isEmpty(); i++) {
                        String id = "t" + thread + "-" + i;
                        StoredEvent event =
                                stored(base(id, T0.plusSeconds(i % 5)).build());
                        current.append(List.of(event));
                        LookupResult found = current.lookup(
                                all().withAttribute(new LookupAttribute(LookupAttributeKey.EventId, id)));
                        assertThat(ids(found))
                                .as("lookup right after appending %s", id)
                                .containsExactly(id);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                current.lookup(all()); // refreshes and prunes the tail meanwhile
            }
        });
        for (Thread thread : threads) {
            thread.join();
        }
        stop.set(true);
        reader.join();

        assertThat(failures).isEmpty();
        assertThat(current.size()).isEqualTo(900);
    }
}
