package dev.cairn.testkit.history;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.event.AuditEvent;
import dev.cairn.event.RawJson;
import dev.cairn.event.Resource;
import dev.cairn.event.SessionContext;
import dev.cairn.event.SessionIssuer;
import dev.cairn.event.UserIdentity;
import dev.cairn.history.EventStore;
import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryFields;
import dev.cairn.history.HistoryRecord;
import dev.cairn.history.HistoryResource;
import dev.cairn.history.LookupAttribute;
import dev.cairn.history.LookupAttributeKey;
import dev.cairn.history.LookupCursor;
import dev.cairn.history.LookupQuery;
import dev.cairn.history.LookupResult;
import dev.cairn.history.StoredEvent;
import dev.cairn.journal.JournalPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour every {@link EventStore} must have, as tests: the contract in the javadoc of
 * {@link EventStore}, with the attribute semantics of {@link HistoryFields}, checked the same way for each
 * implementation.
 *
 * <p>To check an implementation, make a test class that extends this and implement the abstract methods:
 *
 * <pre>{@code
 * class LuceneEventStoreTest extends EventStoreCompatibilityKit {
 *     @TempDir Path directory;
 *     private @Nullable EventStore current;
 *
 *     @Override protected EventStore open() {
 *         current = LuceneEventStore.open(directory);
 *         return current;
 *     }
 *
 *     @Override protected EventStore reopen() {
 *         current.close();
 *         return open();
 *     }
 * }
 * }</pre>
 *
 * <p>The kit calls {@link #open()} once before each test and closes the store it holds after each test.
 */
public abstract class EventStoreCompatibilityKit {

    protected static final String ACCOUNT = "111122223333";
    protected static final String OTHER_ACCOUNT = "444455556666";
    protected static final String REGION = "us-east-1";
    protected static final String OTHER_REGION = "eu-west-1";
    /** A whole second, so that offsets from it are whole seconds too. */
    protected static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    /** The store under test; tests replace it with the result of {@link #reopen()}. */
    private EventStore store;

    private int nextId;

    /**
     * Opens the store under test on its storage. The kit calls this once before each test, and the
     * storage must be empty then (a fresh temporary directory, schema or instance per test).
     */
    protected abstract EventStore open();

    /**
     * Closes the store last returned by {@link #open()} or {@link #reopen()} and opens the same storage
     * again, as a restart of the process would, returning the new store.
     */
    protected abstract EventStore reopen();

    @BeforeEach
    final void openStoreUnderTest() {
        store = open();
    }

    @AfterEach
    final void closeStoreUnderTest() {
        store.close();
    }

    // what a lookup returns

    @Test
    void anEmptyStoreFindsNothing() {
        LookupResult result = store.lookup(all());

        assertThat(result.events()).isEmpty();
        assertThat(result.next()).isNull();
    }

    @Test
    void anAppendedEventIsFoundWithTheFieldsLookupEventsShows() {
        StoredEvent stored = stored(createUser("evt-1", T0, "alice", "bob"));
        store.append(List.of(stored));

        List<HistoryEvent> found = store.lookup(all()).events();

        assertThat(found).containsExactly(HistoryEvent.of(stored));
        HistoryEvent event = found.get(0);
        assertThat(event.eventId()).isEqualTo("evt-1");
        assertThat(event.eventName()).isEqualTo("CreateUser");
        assertThat(event.eventSource()).isEqualTo("iam.amazonaws.com");
        assertThat(event.readOnly()).isEqualTo("false");
        assertThat(event.accessKeyId()).isEqualTo("AKIAALICE00000000000");
        assertThat(event.username()).isEqualTo("alice");
        assertThat(event.eventTime()).isEqualTo(T0);
        assertThat(event.resources()).containsExactly(new HistoryResource("AWS::IAM::User", "bob"));
        assertThat(event.cloudTrailEvent()).isEqualTo(new String(stored.json(), UTF_8));
    }

    @Test
    void theRecordIsReturnedExactlyAsJournaledEvenWhenLargeOrNotAscii() {
        String big = "x".repeat(200_000);
        AuditEvent event = base("evt-big", T0)
                .requestParameters(RawJson.of("{\"policyDocument\":\"" + big + "\",\"note\":\"Zürich 東京 😀\"}"))
                .build();
        StoredEvent stored = stored(event);
        store.append(List.of(stored));

        assertThat(store.lookup(all()).events().get(0).cloudTrailEvent()).isEqualTo(new String(stored.json(), UTF_8));
    }

    @ParameterizedTest
    @EnumSource(LookupAttributeKey.class)
    void eachAttributeFindsExactlyTheEventsThatHaveItsValue(LookupAttributeKey key) {
        List<StoredEvent> population = population();
        store.append(population);

        Set<String> values = new LinkedHashSet<>();
        population.forEach(e -> values.addAll(HistoryFields.values(e.event(), key)));
        assertThat(values).as("values of %s in the population", key).hasSizeGreaterThan(1);
        for (String value : values) {
            LookupQuery query = by(key, value);
            List<String> expected = newestFirst(population).stream()
                    .filter(e -> matches(e, query))
                    .map(e -> e.event().eventID())
                    .toList();

            assertThat(ids(store.lookup(query)))
                    .as("lookup by %s = %s", key, value)
                    .containsExactlyElementsOf(expected);
        }
        assertThat(ids(store.lookup(by(key, "no-event-has-this-value")))).isEmpty();
    }

    @Test
    void attributesMatchExactlyAndCaseSensitively() {
        store.append(population());

        assertThat(ids(store.lookup(by(LookupAttributeKey.EventName, "CreateUser"))))
                .containsExactly("pop-create-user");
        assertThat(ids(store.lookup(by(LookupAttributeKey.EventName, "createuser"))))
                .containsExactly("pop-lowercase-name");
        assertThat(store.lookup(by(LookupAttributeKey.EventName, "Create")).events())
                .isEmpty();
        assertThat(store.lookup(by(LookupAttributeKey.EventName, "CreateUser ")).events())
                .isEmpty();
        assertThat(store.lookup(by(LookupAttributeKey.Username, "ALICE")).events())
                .isEmpty();
        assertThat(store.lookup(by(LookupAttributeKey.EventSource, "iam")).events())
                .isEmpty();
    }

    @Test
    void readOnlyMatchesTheStringsTrueAndFalse() {
        store.append(List.of(
                stored(base("read", T0).readOnly(true).build()),
                stored(base("write", T0.plusSeconds(1)).readOnly(false).build()),
                stored(base("unknown", T0.plusSeconds(2)).readOnly(null).build())));

        assertThat(ids(store.lookup(by(LookupAttributeKey.ReadOnly, "true")))).containsExactly("read");
        assertThat(ids(store.lookup(by(LookupAttributeKey.ReadOnly, "false")))).containsExactly("write");
        assertThat(store.lookup(by(LookupAttributeKey.ReadOnly, "TRUE")).events())
                .isEmpty();
        assertThat(store.lookup(all()).events().get(0).readOnly()).isNull();
    }

    @Test
    void usernamesAndResourcesAreTheDerivedOnes() {
        store.append(population());

        assertThat(ids(store.lookup(by(LookupAttributeKey.Username, "deploy-session"))))
                .containsExactly("pop-decrypt", "pop-assume-role");
        assertThat(ids(store.lookup(by(LookupAttributeKey.Username, "root")))).containsExactly("pop-create-trail");
        assertThat(ids(store.lookup(by(LookupAttributeKey.ResourceType, "AWS::CloudTrail::Trail"))))
                .containsExactly("pop-create-trail");
        assertThat(ids(store.lookup(by(LookupAttributeKey.ResourceName, "my-trail"))))
                .containsExactly("pop-create-trail");
        assertThat(ids(store.lookup(by(LookupAttributeKey.ResourceName, "Deployer"))))
                .containsExactly("pop-assume-role");
        assertThat(ids(store.lookup(by(LookupAttributeKey.ResourceType, "AWS::KMS::Key"))))
                .containsExactly("pop-decrypt");
    }

    // time range and order

    @Test
    void theTimeRangeIsInclusiveAtBothEnds() {
        for (int s = 0; s < 10; s++) {
            store.append(List.of(stored(base("at-" + s, T0.plusSeconds(s)).build())));
        }

        LookupResult result = store.lookup(range(T0.plusSeconds(3), T0.plusSeconds(6)));

        assertThat(ids(result)).containsExactly("at-6", "at-5", "at-4", "at-3");
    }

    @Test
    void aRangeEndingWithinASecondIncludesThatSecondAndOneStartingWithinItExcludesIt() {
        for (int s = 0; s < 5; s++) {
            store.append(List.of(stored(base("at-" + s, T0.plusSeconds(s)).build())));
        }

        LookupResult result = store.lookup(range(T0.plusMillis(1_500), T0.plusMillis(3_500)));

        assertThat(ids(result)).containsExactly("at-3", "at-2");
    }

    @Test
    void aRangeOfOneInstantFindsTheEventsOfThatSecond() {
        store.append(List.of(
                stored(base("before", T0.minusSeconds(1)).build()),
                stored(base("at", T0).build()),
                stored(base("after", T0.plusSeconds(1)).build())));

        assertThat(ids(store.lookup(range(T0, T0)))).containsExactly("at");
    }

    @Test
    void aRangeWhoseStartIsAfterItsEndFindsNothing() {
        store.append(List.of(stored(base("at", T0).build())));

        assertThat(store.lookup(range(T0.plusSeconds(1), T0.minusSeconds(1))).events())
                .isEmpty();
    }

    @Test
    void eventsComeNewestFirstWhateverTheOrderTheyWereAppendedIn() {
        store.append(List.of(
                stored(base("t2", T0.plusSeconds(2)).build()),
                stored(base("t0", T0).build()),
                stored(base("t3", T0.plusSeconds(3)).build())));
        store.append(List.of(stored(base("t1", T0.plusSeconds(1)).build())));

        assertThat(ids(store.lookup(all()))).containsExactly("t3", "t2", "t1", "t0");
    }

    @Test
    void eventsOfTheSameSecondComeLaterAppendedFirstAndKeepThatOrder() {
        store.append(List.of(stored(base("a", T0).build()), stored(base("b", T0).build())));
        store.append(List.of(stored(base("c", T0).build())));

        assertThat(ids(store.lookup(all()))).containsExactly("c", "b", "a");
        assertThat(ids(store.lookup(all()))).containsExactly("c", "b", "a");
    }

    @Test
    void eventsAppendedAfterAReopenComeBeforeEarlierOnesOfTheSameSecond() {
        store.append(List.of(stored(base("before-restart", T0).build())));
        store = reopen();
        store.append(List.of(stored(base("after-restart", T0).build())));

        assertThat(ids(store.lookup(all()))).containsExactly("after-restart", "before-restart");
    }

    // pages

    @Test
    void pagesOfEverySizeFrom1To50ReturnEveryEventExactlyOnceInOrder() {
        List<StoredEvent> events = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            events.add(stored(base("e" + i, T0.plusSeconds(i / 7)).build())); // seven events per second
        }
        store.append(events);
        List<String> everything = ids(store.lookup(all().withMaxResults(LookupQuery.MAX_RESULTS)));
        assertThat(everything).hasSize(120).doesNotHaveDuplicates();

        for (int size = 1; size <= 50; size++) {
            assertThat(allPages(all().withMaxResults(size)))
                    .as("pages of %d", size)
                    .containsExactlyElementsOf(everything);
        }
    }

    @Test
    void pagesOfAnAttributeLookupReturnEveryMatchExactlyOnce() {
        List<StoredEvent> events = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            events.add(stored(base("e" + i, T0.plusSeconds(i / 4))
                    .eventName(i % 3 == 0 ? "Match" : "Other")
                    .build()));
        }
        store.append(events);
        LookupQuery query = by(LookupAttributeKey.EventName, "Match");

        for (int size : new int[] {1, 2, 3, 7, 29, 30, 31, 50}) {
            List<String> pages = allPages(query.withMaxResults(size));
            assertThat(pages).as("pages of %d", size).hasSize(30).doesNotHaveDuplicates();
            assertThat(pages).containsExactlyElementsOf(ids(store.lookup(query.withMaxResults(50))));
        }
    }

    @Test
    void theLastPageHasNoNextCursorEvenWhenItIsFull() {
        for (int i = 0; i < 10; i++) {
            store.append(List.of(stored(base("e" + i, T0.plusSeconds(i)).build())));
        }

        LookupResult first = store.lookup(all().withMaxResults(5));
        assertThat(first.events()).hasSize(5);
        assertThat(first.next()).isNotNull();
        LookupResult second = store.lookup(all().withMaxResults(5).withAfter(first.next()));
        assertThat(second.events()).hasSize(5);
        assertThat(second.next()).isNull();
        assertThat(store.lookup(all().withMaxResults(10)).next()).isNull();
    }

    @Test
    void aCursorStaysValidAcrossAReopen() {
        for (int i = 0; i < 12; i++) {
            store.append(List.of(stored(base("e" + i, T0.plusSeconds(i / 3)).build())));
        }
        List<String> everything = ids(store.lookup(all()));
        LookupResult first = store.lookup(all().withMaxResults(4));

        store = reopen();
        LookupCursor next = LookupCursor.decode(first.next().encode());
        List<String> rest = allPagesFrom(all().withMaxResults(4), next);

        List<String> joined = new ArrayList<>(ids(first));
        joined.addAll(rest);
        assertThat(joined).containsExactlyElementsOf(everything);
    }

    @Test
    void aPageStartingAfterTheOldestEventIsEmpty() {
        store.append(List.of(stored(base("only", T0).build())));

        LookupResult result = store.lookup(all().withAfter(new LookupCursor(T0.getEpochSecond() - 1, Long.MAX_VALUE)));

        assertThat(result.events()).isEmpty();
        assertThat(result.next()).isNull();
    }

    // scope

    @Test
    void aLookupSeesOnlyItsOwnAccount() {
        store.append(List.of(
                stored(base("mine", T0).build()),
                stored(base("theirs", T0).recipientAccountId(OTHER_ACCOUNT).build())));

        assertThat(ids(store.lookup(all()))).containsExactly("mine");
        assertThat(ids(store.lookup(all(OTHER_ACCOUNT, REGION)))).containsExactly("theirs");
        assertThat(ids(store.lookup(by(LookupAttributeKey.EventId, "theirs")))).isEmpty();
    }

    @Test
    void aLookupSeesOnlyItsOwnRegion() {
        store.append(List.of(
                stored(base("here", T0).build()),
                stored(base("there", T0).awsRegion(OTHER_REGION).build())));

        assertThat(ids(store.lookup(all()))).containsExactly("here");
        assertThat(ids(store.lookup(all(ACCOUNT, OTHER_REGION)))).containsExactly("there");
        assertThat(ids(store.lookup(by(LookupAttributeKey.EventId, "there")))).isEmpty();
    }

    @Test
    void anOldRecordWithoutRecipientAccountIdBelongsToTheCallersAccount() {
        store.append(List.of(stored(base("old", T0).recipientAccountId(null).build())));

        assertThat(ids(store.lookup(all()))).containsExactly("old");
    }

    @Test
    void insightEventsAreFoundOnlyByInsightLookups() {
        store.append(List.of(stored(base("call", T0).build()), stored(insight("insight", T0, "Start"))));

        assertThat(ids(store.lookup(all()))).containsExactly("call");
        assertThat(ids(store.lookup(insights()))).containsExactly("insight");
    }

    @Test
    void insightEventsAreFoundByTheEventNameAndSourceOfTheirDetails() {
        store.append(List.of(
                stored(insight("insight", T0, "Start")), stored(base("call", T0).build())));

        HistoryEvent found = store.lookup(insights()).events().get(0);
        assertThat(found.eventName()).isEqualTo("CompleteLifecycleAction");
        assertThat(found.eventSource()).isEqualTo("autoscaling.amazonaws.com");
        assertThat(ids(store.lookup(insights()
                        .withAttribute(new LookupAttribute(LookupAttributeKey.EventName, "CompleteLifecycleAction")))))
                .containsExactly("insight");
        assertThat(ids(store.lookup(insights()
                        .withAttribute(
                                new LookupAttribute(LookupAttributeKey.EventSource, "autoscaling.amazonaws.com")))))
                .containsExactly("insight");
        assertThat(ids(store.lookup(
                        insights().withAttribute(new LookupAttribute(LookupAttributeKey.EventId, "insight")))))
                .containsExactly("insight");
    }

    // records

    @ParameterizedTest
    @EnumSource(LookupAttributeKey.class)
    void eventsAppendedAsRecordsAreFoundByEachAttributeAndShownAsWhenAppendedParsed(LookupAttributeKey key) {
        List<StoredEvent> population = population();
        store.appendRecords(population.stream().map(HistoryRecord::of).toList());

        Set<String> values = new LinkedHashSet<>();
        population.forEach(e -> values.addAll(HistoryFields.values(e.event(), key)));
        for (String value : values) {
            LookupQuery query = by(key, value);
            List<HistoryEvent> expected = newestFirst(population).stream()
                    .filter(e -> matches(e, query))
                    .map(HistoryEvent::of)
                    .toList();

            assertThat(store.lookup(query).events())
                    .as("lookup by %s = %s", key, value)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void anEventAppendedParsedAndThenAsARecordIsStoredOnce() {
        StoredEvent event = stored(base("dup", T0).build());
        store.append(List.of(event));
        store.appendRecords(List.of(
                HistoryRecord.of(event),
                HistoryRecord.of(stored(base("other", T0).build()))));

        assertThat(ids(store.lookup(all()))).containsExactly("other", "dup");
    }

    // duplicates

    @Test
    void anEventAppendedAgainIsIgnored() {
        StoredEvent event = stored(base("dup", T0).build());
        store.append(List.of(event));
        store.append(List.of(stored(base("other", T0).build())));
        store.append(List.of(event));

        assertThat(ids(store.lookup(all()))).containsExactly("other", "dup");
    }

    @Test
    void anEventTwiceInOneAppendIsStoredOnce() {
        StoredEvent event = stored(base("dup", T0).build());
        store.append(List.of(event, stored(base("other", T0).build()), event));

        assertThat(ids(store.lookup(all()))).containsExactly("other", "dup");
    }

    @Test
    void anEventAppendedAgainAfterAReopenIsIgnored() {
        StoredEvent event = stored(base("dup", T0).build());
        store.append(List.of(event));
        store = reopen();
        store.append(List.of(event));

        assertThat(ids(store.lookup(all()))).containsExactly("dup");
    }

    @Test
    void anEventAppendedAgainAfterACommitIsIgnored() {
        StoredEvent event = stored(base("dup", T0).build());
        store.append(List.of(event));
        store.commit(JournalPosition.beginning().with(0, 10));
        store.append(List.of(stored(base("between", T0.plusSeconds(1)).build())));
        store.append(List.of(event));

        assertThat(ids(store.lookup(all()))).containsExactly("between", "dup");
    }

    // retention and clear

    @Test
    void deleteBeforeRemovesTheOlderEventsAndCountsThem() {
        for (int s = 0; s < 10; s++) {
            store.append(List.of(stored(base("at-" + s, T0.plusSeconds(s)).build())));
        }
        store.append(
                List.of(stored(base("elsewhere", T0).awsRegion(OTHER_REGION).build())));

        long deleted = store.deleteBefore(T0.plusSeconds(4));

        assertThat(deleted).isEqualTo(5);
        assertThat(ids(store.lookup(all()))).containsExactly("at-9", "at-8", "at-7", "at-6", "at-5", "at-4");
        assertThat(store.lookup(all(ACCOUNT, OTHER_REGION)).events()).isEmpty();
        assertThat(store.deleteBefore(T0.plusSeconds(4))).isZero();
    }

    @Test
    void deletedEventsStayDeletedAfterAReopen() {
        store.append(List.of(
                stored(base("old", T0).build()),
                stored(base("new", T0.plusSeconds(60)).build())));
        store.deleteBefore(T0.plusSeconds(1));
        store = reopen();

        assertThat(ids(store.lookup(all()))).containsExactly("new");
    }

    @Test
    void deleteBeforeOfAnEmptyStoreDeletesNothing() {
        assertThat(store.deleteBefore(T0)).isZero();
    }

    @Test
    void clearRemovesEveryEventAndKeepsTheCommittedPosition() {
        JournalPosition position = JournalPosition.beginning().with(0, 42);
        store.append(population());
        store.commit(position);

        store.clear();

        assertThat(store.lookup(all()).events()).isEmpty();
        assertThat(store.lookup(insights()).events()).isEmpty();
        assertThat(store.committedPosition()).contains(position);
        store = reopen();
        assertThat(store.lookup(all()).events()).isEmpty();
        assertThat(store.committedPosition()).contains(position);
    }

    @Test
    void anEventClearedCanBeAppendedAgain() {
        StoredEvent event = stored(base("again", T0).build());
        store.append(List.of(event));
        store.clear();
        store.append(List.of(event));

        assertThat(ids(store.lookup(all()))).containsExactly("again");
    }

    // durability

    @Test
    void appendedEventsSurviveACloseAndReopen() {
        List<StoredEvent> population = population();
        store.append(population);
        List<HistoryEvent> before =
                store.lookup(all().withMaxResults(LookupQuery.MAX_RESULTS)).events();

        store = reopen();

        assertThat(store.lookup(all().withMaxResults(LookupQuery.MAX_RESULTS)).events())
                .containsExactlyElementsOf(before);
        assertThat(ids(store.lookup(insights()))).containsExactly("pop-insight");
    }

    @Test
    void aNewStoreHasNoCommittedPosition() {
        assertThat(store.committedPosition()).isEmpty();
    }

    @Test
    void theCommittedPositionIsTheLastOneAndSurvivesAReopen() {
        store.append(List.of(stored(base("a", T0).build())));
        store.commit(JournalPosition.beginning().with(0, 100));
        store.append(List.of(stored(base("b", T0).build())));
        store.commit(JournalPosition.beginning().with(0, 200).with(1, 7));

        assertThat(store.committedPosition())
                .contains(JournalPosition.beginning().with(0, 200).with(1, 7));
        store = reopen();
        assertThat(store.committedPosition())
                .contains(JournalPosition.beginning().with(0, 200).with(1, 7));
        assertThat(ids(store.lookup(all()))).containsExactly("b", "a");
    }

    // threads and state

    @Test
    void lookupsOnOtherThreadsSeeWhatWasAppended() throws Exception {
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            for (int round = 0; round < 20; round++) {
                String id = "r" + round;
                store.append(List.of(stored(base(id, T0.plusSeconds(round)).build())));
                Future<List<String>> seen = threads.submit(() -> ids(store.lookup(all())));
                assertThat(seen.get()).first().isEqualTo(id);
            }
        }
    }

    @Test
    void lookupsWhileAppendingAlwaysSeeWholeSortedPages() throws Exception {
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            Future<?> writer = threads.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    store.append(
                            List.of(stored(base("w" + i, T0.plusSeconds(i % 20)).build())));
                }
            });
            while (!writer.isDone()) {
                List<HistoryEvent> page = store.lookup(all().withMaxResults(50)).events();
                assertThat(page)
                        .isSortedAccordingTo(
                                Comparator.comparing(HistoryEvent::eventTime).reversed());
            }
            writer.get();
        }
        assertThat(allPages(all().withMaxResults(50))).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    void aClosedStoreRefusesCalls() {
        EventStore closed = store;
        store = reopen();

        assertThatThrownBy(() -> closed.lookup(all())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> closed.append(List.of(stored(base("late", T0).build()))))
                .isInstanceOf(IllegalStateException.class);
        closed.close(); // idempotent
    }

    @Test
    void theStoreAgreesWithAReferenceModelOnRandomLookups() {
        Random random = new Random(20261120);
        List<StoredEvent> appended = new ArrayList<>();
        Map<String, StoredEvent> firstById = new LinkedHashMap<>();
        for (int batch = 0; batch < 30; batch++) {
            List<StoredEvent> events = new ArrayList<>();
            int size = 1 + random.nextInt(25);
            for (int i = 0; i < size; i++) {
                if (!appended.isEmpty() && random.nextInt(10) == 0) {
                    events.add(appended.get(random.nextInt(appended.size()))); // a duplicate
                } else {
                    events.add(stored(randomEvent(random)));
                }
            }
            store.append(events);
            for (StoredEvent event : events) {
                appended.add(event);
                firstById.putIfAbsent(event.event().eventID(), event);
            }
            if (batch == 15) {
                store = reopen();
            }
        }
        List<StoredEvent> model = newestFirst(List.copyOf(firstById.values()));

        for (int q = 0; q < 150; q++) {
            LookupQuery query = randomQuery(random, model);
            List<String> expected = model.stream()
                    .filter(e -> matches(e, query))
                    .map(e -> e.event().eventID())
                    .toList();
            assertThat(allPages(query)).as("query %s", query).containsExactlyElementsOf(expected);
        }
    }

    // the queries

    /** Returns this kit's default query: every event of {@link #ACCOUNT} in {@link #REGION} of the day around T0. */
    protected static LookupQuery all() {
        return all(ACCOUNT, REGION);
    }

    protected static LookupQuery all(String account, String region) {
        return new LookupQuery(
                account, region, null, T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)), false, 50, null);
    }

    protected static LookupQuery insights() {
        return new LookupQuery(
                ACCOUNT, REGION, null, T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)), true, 50, null);
    }

    protected static LookupQuery by(LookupAttributeKey key, String value) {
        return all().withAttribute(new LookupAttribute(key, value));
    }

    protected static LookupQuery range(Instant start, Instant end) {
        return new LookupQuery(ACCOUNT, REGION, null, start, end, false, 50, null);
    }

    protected static List<String> ids(LookupResult result) {
        return result.events().stream().map(HistoryEvent::eventId).toList();
    }

    private List<String> allPages(LookupQuery query) {
        return allPagesFrom(query, null);
    }

    /** Follows the cursors from {@code after} to the last page, through their text as NextToken carries them. */
    private List<String> allPagesFrom(LookupQuery query, @Nullable LookupCursor after) {
        List<String> ids = new ArrayList<>();
        LookupCursor cursor = after;
        for (int pages = 0; pages < 10_000; pages++) {
            LookupResult page = store.lookup(query.withAfter(cursor));
            assertThat(page.events().size()).isLessThanOrEqualTo(query.maxResults());
            ids.addAll(ids(page));
            if (page.next() == null) {
                return ids;
            }
            assertThat(page.events()).as("a page with a next cursor is full").hasSize(query.maxResults());
            cursor = LookupCursor.decode(page.next().encode());
        }
        throw new AssertionError("pages of " + query + " never end");
    }

    // the events

    protected static StoredEvent stored(AuditEvent event) {
        return StoredEvent.of(event);
    }

    protected static UserIdentity iamUser(String name) {
        return UserIdentity.builder()
                .type("IAMUser")
                .principalId("AIDA" + name.toUpperCase(Locale.ROOT))
                .arn("arn:aws:iam::" + ACCOUNT + ":user/" + name)
                .accountId(ACCOUNT)
                .accessKeyId(("AKIA" + name.toUpperCase(Locale.ROOT) + "0000000000000000").substring(0, 20))
                .userName(name)
                .build();
    }

    protected static UserIdentity assumedRole(String role, String session) {
        return UserIdentity.builder()
                .type("AssumedRole")
                .principalId("AROAEXAMPLE:" + session)
                .arn("arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/" + session)
                .accountId(ACCOUNT)
                .accessKeyId("ASIAEXAMPLE000000000")
                .sessionContext(SessionContext.builder()
                        .sessionIssuer(SessionIssuer.builder()
                                .type("Role")
                                .principalId("AROAEXAMPLE")
                                .arn("arn:aws:iam::" + ACCOUNT + ":role/" + role)
                                .accountId(ACCOUNT)
                                .userName(role)
                                .build())
                        .build())
                .build();
    }

    protected static UserIdentity root() {
        return UserIdentity.builder()
                .type("Root")
                .principalId(ACCOUNT)
                .arn("arn:aws:iam::" + ACCOUNT + ":root")
                .accountId(ACCOUNT)
                .accessKeyId("")
                .build();
    }

    /** A read-only IAM ListUsers call by alice in {@link #ACCOUNT} and {@link #REGION}. */
    protected static AuditEvent.Builder base(String eventId, Instant time) {
        return AuditEvent.builder()
                .userIdentity(iamUser("alice"))
                .eventTime(time)
                .eventSource("iam.amazonaws.com")
                .eventName("ListUsers")
                .awsRegion(REGION)
                .sourceIPAddress("203.0.113.7")
                .userAgent("aws-cli/2.15.0")
                .requestID("req-" + eventId)
                .eventID(eventId)
                .readOnly(true)
                .eventType("AwsApiCall")
                .managementEvent(true)
                .recipientAccountId(ACCOUNT)
                .eventCategory("Management");
    }

    protected static AuditEvent createUser(String eventId, Instant time, String caller, String newUser) {
        return base(eventId, time)
                .userIdentity(iamUser(caller))
                .eventName("CreateUser")
                .readOnly(false)
                .requestParameters(RawJson.of("{\"userName\":\"" + newUser + "\"}"))
                .build();
    }

    protected static AuditEvent insight(String eventId, Instant time, String state) {
        return AuditEvent.builder()
                .eventVersion("1.07")
                .eventTime(time)
                .awsRegion(REGION)
                .eventID(eventId)
                .eventType(HistoryFields.INSIGHT_EVENT_TYPE)
                .recipientAccountId(ACCOUNT)
                .sharedEventID("shared-" + eventId)
                .insightDetails(RawJson.of("{\"state\":\"" + state + "\",\"eventSource\":\"autoscaling.amazonaws.com\","
                        + "\"eventName\":\"CompleteLifecycleAction\",\"insightType\":\"ApiCallRateInsight\","
                        + "\"insightContext\":{\"statistics\":{\"baseline\":{\"average\":0.1},"
                        + "\"insight\":{\"average\":0.6}}}}"))
                .eventCategory("Insight")
                .build();
    }

    /**
     * Events with different values of every lookup attribute, one per second from T0: users, roles,
     * root; IAM, STS, CloudTrail, EC2 and KMS calls; resources from the record and from request
     * parameters; an Insights event, another account and another region.
     */
    protected static List<StoredEvent> population() {
        List<AuditEvent> events = List.of(
                createUser("pop-create-user", T0, "alice", "bob"),
                base("pop-lowercase-name", T0.plusSeconds(1))
                        .userIdentity(iamUser("Alice"))
                        .eventName("createuser")
                        .build(),
                base("pop-assume-role", T0.plusSeconds(2))
                        .userIdentity(assumedRole("Deployer", "deploy-session"))
                        .eventSource("sts.amazonaws.com")
                        .eventName("AssumeRole")
                        .readOnly(false)
                        .requestParameters(RawJson.of("{\"roleArn\":\"arn:aws:iam::" + ACCOUNT
                                + ":role/Deployer\",\"roleSessionName\":\"deploy-session\"}"))
                        .build(),
                base("pop-create-trail", T0.plusSeconds(3))
                        .userIdentity(root())
                        .eventSource("cloudtrail.amazonaws.com")
                        .eventName("CreateTrail")
                        .readOnly(false)
                        .requestParameters(RawJson.of("{\"name\":\"my-trail\",\"s3BucketName\":\"trail-bucket\"}"))
                        .build(),
                base("pop-describe", T0.plusSeconds(4))
                        .userIdentity(iamUser("carol"))
                        .eventSource("ec2.amazonaws.com")
                        .eventName("DescribeInstances")
                        .resources(List.of(Resource.of(
                                "arn:aws:ec2:us-east-1:" + ACCOUNT + ":instance/i-0abc",
                                ACCOUNT,
                                "AWS::EC2::Instance")))
                        .build(),
                base("pop-decrypt", T0.plusSeconds(5))
                        .userIdentity(assumedRole("Deployer", "deploy-session"))
                        .eventSource("kms.amazonaws.com")
                        .eventName("Decrypt")
                        .resources(List.of(Resource.of(
                                "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab", ACCOUNT, "AWS::KMS::Key")))
                        .build(),
                base("pop-delete-user", T0.plusSeconds(6))
                        .eventName("DeleteUser")
                        .readOnly(false)
                        .requestParameters(RawJson.of("{\"userName\":\"bob\"}"))
                        .build(),
                base("pop-create-key", T0.plusSeconds(7))
                        .userIdentity(iamUser("carol"))
                        .eventName("DeleteAccessKey")
                        .readOnly(false)
                        .requestParameters(
                                RawJson.of("{\"userName\":\"carol\",\"accessKeyId\":\"AKIAOLDKEY0000000000\"}"))
                        .build(),
                base("pop-no-readonly", T0.plusSeconds(8))
                        .eventSource("signin.amazonaws.com")
                        .eventName("ConsoleLogin")
                        .eventType("AwsConsoleSignIn")
                        .readOnly(null)
                        .build(),
                insight("pop-insight", T0.plusSeconds(9), "Start"),
                base("pop-other-account", T0.plusSeconds(10))
                        .recipientAccountId(OTHER_ACCOUNT)
                        .build(),
                base("pop-other-region", T0.plusSeconds(11))
                        .awsRegion(OTHER_REGION)
                        .build());
        return events.stream().map(StoredEvent::of).toList();
    }

    private AuditEvent randomEvent(Random random) {
        String id = "rnd-" + nextId++;
        Instant time = T0.plusSeconds(random.nextInt(40));
        if (random.nextInt(20) == 0) {
            return insight(id, time, random.nextBoolean() ? "Start" : "End");
        }
        String[] users = {"alice", "bob", "carol"};
        String[] names = {"ListUsers", "CreateUser", "GetUser", "DeleteUser"};
        AuditEvent.Builder builder = base(id, time)
                .userIdentity(
                        random.nextInt(4) == 0
                                ? assumedRole("Deployer", "s" + random.nextInt(2))
                                : iamUser(users[random.nextInt(users.length)]))
                .eventName(names[random.nextInt(names.length)])
                .eventSource(random.nextInt(5) == 0 ? "sts.amazonaws.com" : "iam.amazonaws.com")
                .readOnly(random.nextBoolean())
                .recipientAccountId(random.nextInt(4) == 0 ? OTHER_ACCOUNT : ACCOUNT)
                .awsRegion(random.nextInt(4) == 0 ? OTHER_REGION : REGION);
        if (random.nextBoolean()) {
            builder.requestParameters(RawJson.of("{\"userName\":\"" + users[random.nextInt(users.length)] + "\"}"));
        }
        return builder.build();
    }

    private static LookupQuery randomQuery(Random random, List<StoredEvent> model) {
        LookupAttribute attribute = null;
        if (random.nextInt(10) < 7) {
            LookupAttributeKey key = LookupAttributeKey.values()[random.nextInt(LookupAttributeKey.values().length)];
            StoredEvent sample = model.get(random.nextInt(model.size()));
            List<String> values = HistoryFields.values(sample.event(), key);
            attribute =
                    new LookupAttribute(key, values.isEmpty() ? "absent" : values.get(random.nextInt(values.size())));
        }
        Instant start = T0.plusSeconds(random.nextInt(30) - 5);
        Instant end = start.plusSeconds(random.nextInt(30));
        return new LookupQuery(
                random.nextInt(4) == 0 ? OTHER_ACCOUNT : ACCOUNT,
                random.nextInt(4) == 0 ? OTHER_REGION : REGION,
                attribute,
                start,
                end,
                random.nextInt(8) == 0,
                1 + random.nextInt(random.nextBoolean() ? 5 : 50),
                null);
    }

    private static boolean matches(StoredEvent stored, LookupQuery query) {
        AuditEvent event = stored.event();
        long time = event.eventTime().getEpochSecond();
        LookupAttribute attribute = query.attribute();
        return query.accountId().equals(HistoryFields.accountId(event))
                && query.region().equals(event.awsRegion())
                && query.insight() == HistoryFields.isInsight(event)
                && time >= query.startSecond()
                && time <= query.endSecond()
                && (attribute == null
                        || HistoryFields.values(event, attribute.key()).contains(attribute.value()));
    }

    /** Sorts events as a store returns them, assuming they were appended in list order. */
    private static List<StoredEvent> newestFirst(List<StoredEvent> inAppendOrder) {
        List<StoredEvent> sorted = new ArrayList<>(inAppendOrder);
        Collections.reverse(sorted);
        sorted.sort(
                Comparator.comparing((StoredEvent e) -> e.event().eventTime()).reversed());
        return sorted;
    }
}
