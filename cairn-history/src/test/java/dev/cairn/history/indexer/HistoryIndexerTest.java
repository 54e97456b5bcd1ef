package dev.cairn.history.indexer;

import static dev.cairn.history.indexer.TestEvents.ACCOUNT;
import static dev.cairn.history.indexer.TestEvents.REGION;
import static dev.cairn.history.indexer.TestEvents.byEventId;
import static dev.cairn.history.indexer.TestEvents.data;
import static dev.cairn.history.indexer.TestEvents.everything;
import static dev.cairn.history.indexer.TestEvents.journal;
import static dev.cairn.history.indexer.TestEvents.management;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.event.AuditEvent;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.event.RawJson;
import dev.cairn.history.EventStore;
import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryFields;
import dev.cairn.history.LookupAttribute;
import dev.cairn.history.LookupAttributeKey;
import dev.cairn.history.LookupQuery;
import dev.cairn.history.StoredEvent;
import dev.cairn.history.lucene.LuceneEventStore;
import dev.cairn.journal.JournalPosition;
import dev.cairn.journal.segment.SegmentJournal;
import dev.cairn.testkit.history.InMemoryEventStore;
import dev.cairn.testkit.journal.InMemoryJournal;
import dev.cairn.testkit.time.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryIndexerTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    private final ManualClock clock = new ManualClock(NOW);
    private InMemoryJournal journal = new InMemoryJournal();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
    }

    // indexing

    @Test
    void eventsJournaledBeforeTheStartAreFoundOnceIndexed() throws Exception {
        for (int i = 0; i < 10; i++) {
            journal(journal, management("e" + i, NOW.minusSeconds(60 - i)).build());
        }
        LuceneEventStore store = luceneStore("history");
        HistoryIndexer indexer = start(store, HistoryIndexerConfig.defaults());

        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();

        assertThat(ids(indexer, everything(NOW.minusSeconds(3600), NOW)))
                .containsExactly("e9", "e8", "e7", "e6", "e5", "e4", "e3", "e2", "e1", "e0");
        assertThat(indexer.indexedEvents()).isEqualTo(10);
        assertThat(indexer.lag()).isZero();
    }

    @Test
    void anEventIsFoundAsSoonAsAwaitIndexedOfTheJournalEndReturns() throws Exception {
        HistoryIndexer indexer = start(luceneStore("history"), HistoryIndexerConfig.defaults());

        for (int i = 0; i < 50; i++) {
            AuditEvent event = management("call-" + i, NOW).build();
            journal(journal, event);

            assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();
            assertThat(ids(indexer, byEventId(event))).as("call %d", i).containsExactly(event.eventID());
        }
    }

    @Test
    void awaitIndexedReturnsAtOnceWhenEverythingIsIndexed() throws Exception {
        HistoryIndexer indexer = start(new InMemoryEventStore(), HistoryIndexerConfig.defaults());

        assertThat(indexer.awaitIndexed(journal.end(), Duration.ZERO)).isTrue();
        assertThat(indexer.awaitIndexed(JournalPosition.beginning(), Duration.ZERO))
                .isTrue();
    }

    @Test
    void awaitIndexedTimesOutWhileTheStoreFailsAndSucceedsOnceItRecovers() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        HistoryIndexer indexer = start(store, HistoryIndexerConfig.defaults().withRetryDelay(Duration.ofMillis(20)));
        store.failWrites(true);
        AuditEvent event = management("delayed", NOW).build();
        journal(journal, event);

        assertThat(indexer.awaitIndexed(journal.end(), Duration.ofMillis(300))).isFalse();
        assertThat(indexer.storeFailures()).isPositive();

        store.failWrites(false);
        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();
        assertThat(ids(indexer, byEventId(event))).containsExactly("delayed");
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void dataEventsAreSkippedAndCountedAndThePositionStillMovesPastThem() throws Exception {
        journal(journal, data("read-object", NOW));
        journal(journal, management("list-users", NOW).build());
        journal(journal, data("put-object", NOW));
        HistoryIndexer indexer = start(luceneStore("history"), HistoryIndexerConfig.defaults());

        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();

        assertThat(ids(indexer, everything(NOW.minusSeconds(60), NOW))).containsExactly("list-users");
        assertThat(indexer.skippedEvents()).isEqualTo(2);
        assertThat(indexer.indexedEvents()).isEqualTo(1);
        assertThat(indexer.failedRecords()).isZero();
    }

    @Test
    void networkActivityEventsAreSkipped() throws Exception {
        journal(
                journal,
                management("vpce", NOW).eventCategory("NetworkActivity").build());
        HistoryIndexer indexer = start(new InMemoryEventStore(), HistoryIndexerConfig.defaults());

        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();
        assertThat(indexer.skippedEvents()).isEqualTo(1);
        assertThat(indexer.lookup(everything(NOW.minusSeconds(60), NOW)).events())
                .isEmpty();
    }

    @Test
    void recordsThatAreNotCloudTrailRecordsAreCountedAsFailedAndPassed() throws Exception {
        journal.append(ACCOUNT, "not json".getBytes(UTF_8));
        journal.append(ACCOUNT, "{\"eventVersion\":\"1.11\"}".getBytes(UTF_8));
        journal(journal, management("after", NOW).build());
        HistoryIndexer indexer = start(new InMemoryEventStore(), HistoryIndexerConfig.defaults());

        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();
        assertThat(indexer.failedRecords()).isEqualTo(2);
        assertThat(ids(indexer, everything(NOW.minusSeconds(60), NOW))).containsExactly("after");
    }

    @Test
    void anEventTheStoreRefusesIsCountedAsFailedAndTheRestOfItsBatchIsKept() throws Exception {
        journal(journal, management("before", NOW).build());
        journal(journal, management("x".repeat(40_000), NOW).build()); // longer than a Lucene term may be
        journal(journal, management("after", NOW).build());
        HistoryIndexer indexer = start(luceneStore("history"), HistoryIndexerConfig.defaults());

        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();

        assertThat(indexer.failedRecords()).isEqualTo(1);
        assertThat(indexer.storeFailures()).isZero();
        assertThat(ids(indexer, everything(NOW.minusSeconds(60), NOW))).containsExactly("after", "before");
    }

    @Test
    void eventsThatNameNoAccountAreCountedAsFailed() throws Exception {
        journal(
                journal,
                management("nobody", NOW)
                        .recipientAccountId(null)
                        .userIdentity(dev.cairn.event.UserIdentity.builder()
                                .type("AWSService")
                                .invokedBy("lambda.amazonaws.com")
                                .build())
                        .build());
        HistoryIndexer indexer = start(new InMemoryEventStore(), HistoryIndexerConfig.defaults());

        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();
        assertThat(indexer.failedRecords()).isEqualTo(1);
        assertThat(indexer.indexedEvents()).isZero();
    }

    @Test
    void insightEventsAreIndexedForInsightLookups() throws Exception {
        AuditEvent insight = AuditEvent.builder()
                .eventVersion("1.07")
                .eventTime(NOW)
                .awsRegion(REGION)
                .eventID("insight-1")
                .eventType(HistoryFields.INSIGHT_EVENT_TYPE)
                .recipientAccountId(ACCOUNT)
                .insightDetails(RawJson.of("{\"state\":\"Start\",\"eventSource\":\"iam.amazonaws.com\","
                        + "\"eventName\":\"CreateUser\",\"insightType\":\"ApiCallRateInsight\"}"))
                .eventCategory("Insight")
                .build();
        journal(journal, insight);
        journal(journal, management("call", NOW).build());
        HistoryIndexer indexer = start(luceneStore("history"), HistoryIndexerConfig.defaults());

        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();

        LookupQuery insights = new LookupQuery(
                ACCOUNT,
                REGION,
                new LookupAttribute(LookupAttributeKey.EventName, "CreateUser"),
                NOW.minusSeconds(60),
                NOW,
                true,
                50,
                null);
        assertThat(ids(indexer, insights)).containsExactly("insight-1");
        assertThat(ids(indexer, everything(NOW.minusSeconds(60), NOW))).containsExactly("call");
    }

    @Test
    void aPartitionedJournalIsIndexedFromEveryPartition() throws Exception {
        journal = new InMemoryJournal(3);
        List<String> accounts = List.of("111111111111", "222222222222", "333333333333", "444444444444");
        for (int i = 0; i < 40; i++) {
            String account = accounts.get(i % accounts.size());
            journal(
                    journal,
                    management("p" + i, NOW.minusSeconds(i))
                            .recipientAccountId(account)
                            .build());
        }
        HistoryIndexer indexer = start(luceneStore("history"), HistoryIndexerConfig.defaults());

        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();
        for (String account : accounts) {
            LookupQuery query = new LookupQuery(
                    account, REGION, null, NOW.minusSeconds(3600), NOW, false, LookupQuery.MAX_RESULTS, null);
            assertThat(indexer.lookup(query).events()).as("account %s", account).hasSize(10);
        }
    }

    // commits and restarts

    @Test
    void closeCommitsTheStoreAndThenTheJournalPosition() throws Exception {
        for (int i = 0; i < 5; i++) {
            journal(journal, management("e" + i, NOW).build());
        }
        EventStore store = luceneStore("history");
        HistoryIndexer indexer = start(store, HistoryIndexerConfig.defaults().withCommitInterval(Duration.ofDays(1)));
        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();

        indexer.close();

        assertThat(store.committedPosition()).contains(journal.end());
        assertThat(journal.committed(HistoryIndexer.CONSUMER)).contains(journal.end());
        assertThat(indexer.indexedPosition()).isEqualTo(journal.end());
    }

    @Test
    void commitsHappenEveryIntervalWhileEventsArrive() throws Exception {
        EventStore store = luceneStore("history");
        HistoryIndexer indexer =
                start(store, HistoryIndexerConfig.defaults().withCommitInterval(Duration.ofSeconds(1)));
        journal(journal, management("first", NOW).build());
        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();
        assertThat(store.committedPosition()).isEmpty(); // the manual clock has not moved

        clock.advance(Duration.ofSeconds(1));

        waitUntil(() -> store.committedPosition().isPresent());
        assertThat(store.committedPosition()).contains(journal.end());
        waitUntil(() -> journal.committed(HistoryIndexer.CONSUMER).isPresent());
        assertThat(journal.committed(HistoryIndexer.CONSUMER)).contains(journal.end());
    }

    @Test
    void eventsAreIndexedWhileASlowCommitRuns() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        HistoryIndexer indexer = start(
                store,
                HistoryIndexerConfig.defaults()
                        .withCommitInterval(Duration.ofDays(1))
                        .withCommitEvents(1));
        CountDownLatch slowSync = store.holdCommits();
        journal(journal, management("before", NOW).build());
        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue(); // its commit starts, and waits

        for (int i = 0; i < 20; i++) {
            journal(journal, management("during-" + i, NOW).build()); // the first commit still waits
        }

        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();
        assertThat(ids(indexer, everything(NOW.minusSeconds(60), NOW)))
                .hasSize(21)
                .contains("during-19");
        assertThat(store.committedPosition()).isEmpty();
        slowSync.countDown();
        waitUntil(() -> store.committedPosition().isPresent());
        indexer.close();
        assertThat(store.committedPosition()).contains(journal.end());
    }

    @Test
    void aCommitIsDueAfterCommitEventsEvenBeforeTheInterval() throws Exception {
        EventStore store = luceneStore("history");
        HistoryIndexer indexer = start(
                store,
                HistoryIndexerConfig.defaults()
                        .withCommitInterval(Duration.ofDays(1))
                        .withCommitEvents(10));
        for (int i = 0; i < 10; i++) {
            journal(journal, management("e" + i, NOW).build());
        }

        waitUntil(() -> indexer.commits() > 0);
        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();
    }

    @Test
    void aRestartResumesFromTheCommittedPositionWithoutLossOrDuplicates() throws Exception {
        for (int i = 0; i < 100; i++) {
            journal(journal, management("first-" + i, NOW.minusSeconds(i % 7)).build());
        }
        LuceneEventStore store = LuceneEventStore.open(directory.resolve("history"));
        HistoryIndexer indexer = new HistoryIndexer(journal, store, clock, HistoryIndexerConfig.defaults());
        indexer.start();
        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();
        indexer.close();
        store.close();
        journal.close();

        journal = journal.restart();
        for (int i = 0; i < 100; i++) {
            journal(journal, management("second-" + i, NOW.minusSeconds(i % 7)).build());
        }
        HistoryIndexer restarted = start(luceneStore("history"), HistoryIndexerConfig.defaults());
        assertThat(restarted.awaitIndexed(journal.end(), WAIT)).isTrue();

        assertThat(restarted.indexedEvents()).isEqualTo(100);
        List<String> all = ids(restarted, everything(NOW.minusSeconds(3600), NOW));
        assertThat(all).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    void aCrashReadsTheUncommittedEventsAgainAndAddsNoneTwice() throws Exception {
        LuceneEventStore store = luceneStore("history");
        HistoryIndexer indexer = start(
                store,
                HistoryIndexerConfig.defaults()
                        .withCommitInterval(Duration.ofHours(1))
                        .withCommitEvents(1_000_000));
        for (int i = 0; i < 50; i++) {
            journal(
                    journal,
                    management("committed-" + i, NOW.minusSeconds(i % 5)).build());
        }
        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();
        clock.advance(Duration.ofHours(1));
        waitUntil(() -> indexer.commits() == 1);
        JournalPosition committed = store.committedPosition().orElseThrow();
        for (int i = 0; i < 30; i++) {
            journal(
                    journal,
                    management("uncommitted-" + i, NOW.minusSeconds(i % 5)).build());
        }
        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();
        assertThat(store.size()).isEqualTo(80);

        // The process dies now: what is on disk is the index as of its last commit.
        Path crashed = copyOfIndex(store.path(), directory.resolve("crashed"));

        LuceneEventStore recovered = luceneStore("crashed");
        assertThat(recovered.committedPosition()).contains(committed);
        assertThat(recovered.size()).isEqualTo(50);
        HistoryIndexer resumed =
                new HistoryIndexer(journal.restart(), recovered, clock, HistoryIndexerConfig.defaults());
        toClose.add(resumed);
        resumed.start();
        assertThat(resumed.awaitIndexed(journal.end(), WAIT)).isTrue();

        assertThat(resumed.indexedEvents()).isEqualTo(30);
        List<String> all = ids(resumed, everything(NOW.minusSeconds(3600), NOW));
        assertThat(all).hasSize(80).doesNotHaveDuplicates();
        assertThat(crashed).isDirectory();
    }

    @Test
    void anEventReadAgainAfterACrashBeforeTheJournalCommitIsNotAddedTwice() throws Exception {
        // The store committed, the journal commit did not happen: the store's position wins.
        InMemoryEventStore store = new InMemoryEventStore();
        for (int i = 0; i < 5; i++) {
            journal(journal, management("e" + i, NOW).build());
        }
        HistoryIndexer indexer = start(store, HistoryIndexerConfig.defaults());
        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();
        indexer.close();
        journal.commit(HistoryIndexer.CONSUMER, JournalPosition.beginning());

        HistoryIndexer resumed = start(store.restart(), HistoryIndexerConfig.defaults());
        assertThat(resumed.awaitIndexed(journal.end(), WAIT)).isTrue();

        assertThat(resumed.indexedEvents()).isZero();
        assertThat(store.size()).isEqualTo(5);
    }

    @Test
    void aStoreWithoutACommittedPositionIsRebuiltFromTheOldestJournalRecord() throws Exception {
        for (int i = 0; i < 20; i++) {
            journal(journal, management("e" + i, NOW).build());
        }
        HistoryIndexer first = start(new InMemoryEventStore(), HistoryIndexerConfig.defaults());
        assertThat(first.awaitIndexed(journal.end(), WAIT)).isTrue();
        first.close();
        assertThat(journal.committed(HistoryIndexer.CONSUMER)).isPresent();

        HistoryIndexer rebuilt = start(luceneStore("new-index"), HistoryIndexerConfig.defaults());
        assertThat(rebuilt.awaitIndexed(journal.end(), WAIT)).isTrue();

        assertThat(rebuilt.indexedEvents()).isEqualTo(20);
        assertThat(rebuilt.lookup(everything(NOW.minusSeconds(60), NOW)).events())
                .hasSize(20);
    }

    @Test
    void theEmbeddedJournalIsIndexedAcrossARestart() throws Exception {
        Path journalDirectory = directory.resolve("journal");
        SegmentJournal segments = SegmentJournal.open(journalDirectory);
        LuceneEventStore store = LuceneEventStore.open(directory.resolve("history"));
        HistoryIndexer indexer = new HistoryIndexer(segments, store, clock, HistoryIndexerConfig.defaults());
        indexer.start();
        for (int i = 0; i < 30; i++) {
            journal(segments, management("before-" + i, NOW.minusSeconds(i)).build());
        }
        assertThat(indexer.awaitIndexed(segments.end(), WAIT)).isTrue();
        indexer.close();
        store.close();
        segments.close();

        SegmentJournal reopened = SegmentJournal.open(journalDirectory);
        toClose.add(reopened);
        for (int i = 0; i < 30; i++) {
            journal(reopened, management("after-" + i, NOW.minusSeconds(i)).build());
        }
        HistoryIndexer restarted =
                new HistoryIndexer(reopened, luceneStore("history"), clock, HistoryIndexerConfig.defaults());
        toClose.add(restarted);
        restarted.start();

        assertThat(restarted.awaitIndexed(reopened.end(), WAIT)).isTrue();
        assertThat(restarted.indexedEvents()).isEqualTo(30);
        assertThat(ids(restarted, everything(NOW.minusSeconds(3600), NOW)))
                .hasSize(60)
                .doesNotHaveDuplicates();
        assertThat(reopened.committed(HistoryIndexer.CONSUMER)).isPresent();
    }

    // retention

    @Test
    void retentionDeletesOlderEventsAtStart() throws Exception {
        LuceneEventStore store = luceneStore("history");
        store.append(List.of(
                StoredEvent.of(
                        management("ancient", NOW.minus(Duration.ofDays(91))).build()),
                StoredEvent.of(
                        management("recent", NOW.minus(Duration.ofDays(89))).build())));

        HistoryIndexer indexer = start(store, HistoryIndexerConfig.defaults());

        assertThat(indexer.deletedEvents()).isEqualTo(1);
        assertThat(ids(store.lookup(everything(NOW.minus(Duration.ofDays(365)), NOW))))
                .containsExactly("recent");
    }

    @Test
    void retentionDeletesOlderEventsEveryInterval() throws Exception {
        LuceneEventStore store = luceneStore("history");
        HistoryIndexer indexer = start(store, HistoryIndexerConfig.defaults());
        journal(
                journal,
                management("ages-first", NOW.minus(Duration.ofDays(89))).build());
        journal(journal, management("stays", NOW.minus(Duration.ofDays(1))).build());
        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();
        assertThat(indexer.deletedEvents()).isZero();

        clock.advance(Duration.ofDays(2)); // more than the hour between runs; "ages-first" is now 91 days old

        waitUntil(() -> indexer.deletedEvents() == 1);
        assertThat(ids(store.lookup(everything(NOW.minus(Duration.ofDays(365)), clock.now()))))
                .containsExactly("stays");
    }

    @Test
    void lookupsNeverReturnEventsOlderThanTheRetentionEvenBeforeTheyAreDeleted() throws Exception {
        LuceneEventStore store = luceneStore("history");
        HistoryIndexer indexer = start(
                store,
                HistoryIndexerConfig.defaults()
                        .withRetention(Duration.ofDays(2))
                        .withRetentionInterval(Duration.ofDays(1000)));
        journal(
                journal,
                management("one-day-old", NOW.minus(Duration.ofDays(1))).build());
        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();
        LookupQuery lastYear = everything(NOW.minus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(10)));
        assertThat(ids(indexer, lastYear)).containsExactly("one-day-old");

        clock.advance(Duration.ofHours(36)); // now 2.5 days old

        assertThat(indexer.lookup(lastYear).events()).isEmpty();
        assertThat(ids(store.lookup(lastYear))).containsExactly("one-day-old");
        assertThat(indexer.deletedEvents()).isZero();
    }

    // the corpus

    @Test
    void everyKeptCorpusRecordIsFoundByEachOfItsAttributes() throws Exception {
        List<String> corpus = TestEvents.corpus();
        for (String line : corpus) {
            AuditEvent event = CloudTrailJson.parse(line);
            journal.append(event.recipientAccountId() == null ? "" : event.recipientAccountId(), line.getBytes(UTF_8));
        }
        HistoryIndexer indexer = start(
                luceneStore("history"), HistoryIndexerConfig.defaults().withRetention(Duration.ofDays(365 * 100)));
        assertThat(indexer.awaitIndexed(journal.end(), WAIT)).isTrue();

        int kept = 0;
        int skipped = 0;
        int lookups = 0;
        for (String line : corpus) {
            AuditEvent event = CloudTrailJson.parse(line);
            if (!HistoryFields.isKept(event) || HistoryFields.accountId(event) == null) {
                skipped++;
                assertThat(indexer.lookup(byEventId(event)).events()).isEmpty();
                continue;
            }
            kept++;
            List<HistoryEvent> found = indexer.lookup(byEventId(event)).events();
            assertThat(found).as("event %s", event.eventID()).hasSize(1);
            assertThat(found.get(0).cloudTrailEvent()).isEqualTo(line);
            assertThat(found.get(0)).isEqualTo(HistoryEvent.of(new StoredEvent(event, line.getBytes(UTF_8))));
            for (LookupAttributeKey key : LookupAttributeKey.values()) {
                if (HistoryFields.isInsight(event) && !key.appliesToInsights()) {
                    continue;
                }
                for (String value : HistoryFields.values(event, key)) {
                    LookupQuery query = byEventId(event).withAttribute(new LookupAttribute(key, value));
                    assertThat(ids(indexer, query))
                            .as("event %s by %s = %s", event.eventID(), key, value)
                            .contains(event.eventID());
                    lookups++;
                }
            }
        }
        assertThat(indexer.indexedEvents()).isEqualTo(kept);
        assertThat(indexer.skippedEvents() + indexer.failedRecords()).isEqualTo(skipped);
        assertThat(indexer.skippedEvents()).isEqualTo(8);
        assertThat(kept).isGreaterThan(600);
        assertThat(lookups).isGreaterThan(3000);
    }

    // life cycle

    @Test
    void anIndexerStartsOnce() {
        HistoryIndexer indexer = start(new InMemoryEventStore(), HistoryIndexerConfig.defaults());

        assertThatThrownBy(indexer::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void awaitIndexedNeedsARunningIndexer() throws Exception {
        HistoryIndexer indexer =
                new HistoryIndexer(journal, new InMemoryEventStore(), clock, HistoryIndexerConfig.defaults());

        assertThatThrownBy(() -> indexer.awaitIndexed(journal.end(), WAIT)).isInstanceOf(IllegalStateException.class);
        indexer.close();
        assertThatThrownBy(() -> indexer.awaitIndexed(journal.end(), WAIT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeIsIdempotentAndEndsTheThread() throws Exception {
        HistoryIndexer indexer = start(new InMemoryEventStore(), HistoryIndexerConfig.defaults());
        indexer.close();
        indexer.close();

        assertThat(Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("cairn-history-indexer") && t.isAlive()))
                .isEmpty();
    }

    // helpers

    private LuceneEventStore luceneStore(String name) {
        LuceneEventStore store = LuceneEventStore.open(directory.resolve(name));
        toClose.add(store);
        return store;
    }

    private HistoryIndexer start(EventStore store, HistoryIndexerConfig config) {
        HistoryIndexer indexer = new HistoryIndexer(journal, store, clock, config);
        toClose.add(indexer);
        indexer.start();
        return indexer;
    }

    private static List<String> ids(HistoryIndexer indexer, LookupQuery query) {
        return ids(indexer.lookup(query));
    }

    private static List<String> ids(dev.cairn.history.LookupResult result) {
        return result.events().stream().map(HistoryEvent::eventId).toList();
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(5);
        }
    }

    /**
     * Copies the files of an open index as a crash would leave them; files the writer removes meanwhile
     * are not part of its last commit, which stays intact.
     */
    private static Path copyOfIndex(Path index, Path copy) throws IOException {
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(index)) {
            for (Path file : files.toList()) {
                if (file.getFileName().toString().equals("write.lock")) {
                    continue;
                }
                try {
                    Files.copy(file, copy.resolve(file.getFileName()));
                } catch (NoSuchFileException e) {
                    // deleted by the writer after the listing
                }
            }
        }
        return copy;
    }
}
