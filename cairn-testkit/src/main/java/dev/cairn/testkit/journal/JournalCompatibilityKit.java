package dev.cairn.testkit.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.journal.Journal;
import dev.cairn.journal.JournalException;
import dev.cairn.journal.JournalOffset;
import dev.cairn.journal.JournalPosition;
import dev.cairn.journal.JournalReader;
import dev.cairn.journal.JournalRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link Journal} must have, as tests: the contract in the javadoc of {@link Journal}
 * and {@link JournalReader}, checked the same way for each implementation. The tests assume nothing about
 * how many partitions the journal has, nor how far apart its offsets are.
 *
 * <p>To check an implementation, make a test class that extends this and implement the abstract methods:
 *
 * <pre>{@code
 * class SegmentJournalTest extends JournalCompatibilityKit {
 *     @TempDir Path directory;
 *     private @Nullable SegmentJournal current;
 *
 *     @Override protected Journal open() {
 *         current = SegmentJournal.open(directory);
 *         return current;
 *     }
 *
 *     @Override protected Journal reopen() {
 *         current.close();
 *         return open();
 *     }
 * }
 * }</pre>
 *
 * <p>Override {@link #failWrites(boolean)} as well if the implementation can be made to fail the way a
 * full disk or a lost broker does; the tests of failed appends are skipped otherwise. The kit calls
 * {@link #open()} once before each test, and closes the journal it holds, and the readers it opened,
 * after each test.
 */
public abstract class JournalCompatibilityKit {

    private static final String ACCOUNT = "123456789012";
    private static final String OTHER_ACCOUNT = "210987654321";

    /** How long a poll waits when records are expected: long, since it returns as soon as they come. */
    private static final Duration EXPECTED = Duration.ofSeconds(30);
    /** How long a poll waits when no record is expected. */
    private static final Duration NONE_EXPECTED = Duration.ofMillis(100);

    /** The journal under test; tests replace it with the result of {@link #reopen()}. */
    private Journal journal;

    private final List<JournalReader> readers = new ArrayList<>();

    /**
     * Opens the journal under test on its storage. The kit calls this once before each test, and the
     * storage must be empty then (a fresh temporary directory, topic or instance per test).
     */
    protected abstract Journal open();

    /**
     * Closes the journal last returned by {@link #open()} or {@link #reopen()} and opens the same storage
     * again, as a restart of the process would, returning the new journal.
     */
    protected abstract Journal reopen();

    /**
     * Makes every append of the journal under test fail, as a full disk or an unreachable broker would,
     * until called with {@code false}. Implementations that cannot do this leave it as it is, and the
     * tests that need it are skipped.
     */
    protected void failWrites(boolean failing) {
        Assumptions.abort(
                getClass().getSimpleName() + " does not override failWrites, so failed appends are not tested");
    }

    @BeforeEach
    final void openJournalUnderTest() {
        journal = open();
    }

    @AfterEach
    final void closeJournalUnderTest() {
        readers.forEach(JournalReader::close);
        journal.close();
    }

    // append

    @Test
    void appendReturnsOffsetsThatIncreaseInAppendOrder() {
        List<JournalOffset> offsets = new ArrayList<>();
        offsets.add(journal.append(ACCOUNT, utf8("first")));
        offsets.addAll(journal.append(ACCOUNT, List.of(utf8("second"), utf8("third"), utf8("fourth"))));
        offsets.add(journal.append(ACCOUNT, utf8("fifth")));

        assertThat(offsets)
                .extracting(JournalOffset::partition)
                .containsOnly(offsets.get(0).partition());
        assertThat(offsets).isSortedAccordingTo(JournalOffset::compareTo).doesNotHaveDuplicates();
    }

    @Test
    void anEmptyBatchAppendsNothing() throws InterruptedException {
        assertThat(journal.append(ACCOUNT, List.of())).isEmpty();

        assertThat(reader(JournalPosition.beginning()).poll(10, NONE_EXPECTED)).isEmpty();
    }

    @Test
    void appendedRecordsAreReadBackInAppendOrderWithTheirKeyAndOffset() throws InterruptedException {
        List<JournalOffset> offsets = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            offsets.add(journal.append(ACCOUNT, utf8("event-" + i)));
        }

        List<JournalRecord> records = read(JournalPosition.beginning(), 100);

        assertThat(records).extracting(r -> text(r.payload())).containsExactlyElementsOf(events(0, 100));
        assertThat(records).extracting(JournalRecord::offset).containsExactlyElementsOf(offsets);
        assertThat(records).extracting(JournalRecord::partitionKey).containsOnly(ACCOUNT);
        assertNoMoreRecords(positionAfter(records));
    }

    @Test
    void theRecordsOfOneBatchAreReadTogetherInTheirOrder() throws InterruptedException {
        journal.append(ACCOUNT, utf8("before"));
        List<JournalOffset> batch = journal.append(ACCOUNT, List.of(utf8("a"), utf8("b"), utf8("c")));
        journal.append(ACCOUNT, utf8("after"));

        List<JournalRecord> records = read(JournalPosition.beginning(), 5);

        assertThat(records).extracting(r -> text(r.payload())).containsExactly("before", "a", "b", "c", "after");
        assertThat(records.subList(1, 4)).extracting(JournalRecord::offset).containsExactlyElementsOf(batch);
    }

    @Test
    void readingFromARecordsOffsetStartsAtThatRecord() throws InterruptedException {
        List<JournalOffset> offsets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            offsets.add(journal.append(ACCOUNT, utf8("event-" + i)));
        }

        for (int i = 0; i < offsets.size(); i++) {
            List<JournalRecord> records = read(JournalPosition.startingAt(offsets.get(i)), 20 - i);

            assertThat(records)
                    .as("read from record %d", i)
                    .extracting(r -> text(r.payload()))
                    .containsExactlyElementsOf(events(i, 20));
        }
    }

    @Test
    void recordsOfEachKeyAreReadInTheirAppendOrder() throws InterruptedException {
        int keys = 10;
        int perKey = 30;
        for (int i = 0; i < perKey; i++) {
            for (int k = 0; k < keys; k++) {
                journal.append(account(k), utf8(account(k) + "/" + i));
            }
        }

        List<JournalRecord> records = read(JournalPosition.beginning(), keys * perKey);

        Map<String, List<String>> byKey = new HashMap<>();
        for (JournalRecord record : records) {
            byKey.computeIfAbsent(record.partitionKey(), k -> new ArrayList<>()).add(text(record.payload()));
        }
        assertThat(byKey).hasSize(keys);
        for (int k = 0; k < keys; k++) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perKey; i++) {
                expected.add(account(k) + "/" + i);
            }
            assertThat(byKey.get(account(k))).as("records of %s", account(k)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void recordsWithTheSameKeyStayInOnePartition() {
        Set<Integer> partitions = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            partitions.add(journal.append(OTHER_ACCOUNT, utf8("e" + i)).partition());
        }

        assertThat(partitions).hasSize(1);
    }

    // payloads and keys of every shape

    @Test
    void payloadsKeepEveryByteAndAnEmptyPayloadIsARecord() throws InterruptedException {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        journal.append(ACCOUNT, everyByte);
        journal.append(ACCOUNT, new byte[0]);
        journal.append(ACCOUNT, utf8("last"));

        List<JournalRecord> records = read(JournalPosition.beginning(), 3);

        assertThat(records.get(0).payload()).isEqualTo(everyByte);
        assertThat(records.get(1).payload()).isEmpty();
        assertThat(text(records.get(2).payload())).isEqualTo("last");
    }

    @Test
    void largeRecordsRoundTripAndSurviveReopen() throws InterruptedException {
        byte[] large = randomBytes(1 << 20, 1);
        byte[] larger = randomBytes((1 << 20) + 7, 2);
        journal.append(ACCOUNT, large);
        journal.append(ACCOUNT, List.of(larger, utf8("small")));

        journal = reopen();

        List<JournalRecord> records = read(JournalPosition.beginning(), 3);
        assertThat(records.get(0).payload()).isEqualTo(large);
        assertThat(records.get(1).payload()).isEqualTo(larger);
        assertThat(text(records.get(2).payload())).isEqualTo("small");
    }

    @Test
    void unicodePartitionKeysRoundTrip() throws InterruptedException {
        List<String> keys = List.of("ключ", "鍵", "emoji-\uD83D\uDE00", "", "with space");
        for (String key : keys) {
            journal.append(key, utf8("value of " + key));
        }

        List<JournalRecord> records = read(JournalPosition.beginning(), keys.size());

        assertThat(records).extracting(JournalRecord::partitionKey).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(records).allSatisfy(r -> assertThat(text(r.payload())).isEqualTo("value of " + r.partitionKey()));
    }

    @Test
    void changingAnAppendedArrayAfterwardsDoesNotChangeTheRecord() throws InterruptedException {
        byte[] single = utf8("single");
        byte[] inBatch = utf8("batch");
        journal.append(ACCOUNT, single);
        journal.append(ACCOUNT, List.of(inBatch));
        single[0] = 'X';
        inBatch[0] = 'X';

        List<JournalRecord> records = read(JournalPosition.beginning(), 2);

        assertThat(records).extracting(r -> text(r.payload())).containsExactly("single", "batch");
    }

    @Test
    void changingAReturnedPayloadDoesNotChangeTheJournal() throws InterruptedException {
        journal.append(ACCOUNT, utf8("original"));
        read(JournalPosition.beginning(), 1).get(0).payload()[0] = 'X';

        assertThat(text(read(JournalPosition.beginning(), 1).get(0).payload())).isEqualTo("original");
    }

    // readers and positions

    @Test
    void pollReturnsAtMostMaxRecordsAndTheNextPollContinuesAfterThem() throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            journal.append(ACCOUNT, utf8("event-" + i));
        }
        JournalReader reader = reader(JournalPosition.beginning());

        List<String> seen = new ArrayList<>();
        while (seen.size() < 10) {
            List<JournalRecord> polled = reader.poll(3, EXPECTED);
            assertThat(polled).isNotEmpty().hasSizeLessThanOrEqualTo(3);
            polled.forEach(r -> seen.add(text(r.payload())));
        }

        assertThat(seen).containsExactlyElementsOf(events(0, 10));
        assertThat(reader.poll(10, NONE_EXPECTED)).isEmpty();
    }

    @Test
    void aReaderOpenedAtItsPositionContinuesWithTheNextRecord() throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            journal.append(ACCOUNT, utf8("event-" + i));
        }
        JournalReader first = reader(JournalPosition.beginning());
        List<JournalRecord> firstFour = new ArrayList<>();
        while (firstFour.size() < 4) {
            firstFour.addAll(first.poll(4 - firstFour.size(), EXPECTED));
        }

        List<JournalRecord> rest = read(first.position(), 6);

        assertThat(rest).extracting(r -> text(r.payload())).containsExactlyElementsOf(events(4, 10));
    }

    @Test
    void thePositionAfterARecordLeadsToTheRecordAfterIt() throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            journal.append(ACCOUNT, utf8("event-" + i));
        }
        List<JournalRecord> all = read(JournalPosition.beginning(), 10);

        for (int i = 0; i < 9; i++) {
            JournalPosition after = JournalPosition.beginning().after(all.get(i));
            assertThat(after.isPast(all.get(i).offset())).isTrue();
            assertThat(after.isPast(all.get(i + 1).offset())).isFalse();
            assertThat(read(after, 1))
                    .extracting(r -> text(r.payload()))
                    .as("after record %d", i)
                    .containsExactly("event-" + (i + 1));
        }
    }

    @Test
    void aPositionRoundTripsThroughItsText() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            journal.append(ACCOUNT, utf8("event-" + i));
        }
        JournalReader reader = reader(JournalPosition.beginning());
        List<JournalRecord> firstTwo = new ArrayList<>();
        while (firstTwo.size() < 2) {
            firstTwo.addAll(reader.poll(2 - firstTwo.size(), EXPECTED));
        }

        JournalPosition parsed = JournalPosition.parse(reader.position().encode());

        assertThat(parsed).isEqualTo(reader.position());
        assertThat(read(parsed, 3)).extracting(r -> text(r.payload())).containsExactlyElementsOf(events(2, 5));
    }

    @Test
    void aReaderOpenedAtTheEndSeesOnlyRecordsAppendedAfterwards() throws InterruptedException {
        journal.append(ACCOUNT, utf8("old"));
        JournalReader reader = reader(journal.end());

        assertThat(reader.poll(10, NONE_EXPECTED)).isEmpty();

        journal.append(ACCOUNT, utf8("new"));

        assertThat(pollUntil(reader, 1)).extracting(r -> text(r.payload())).containsExactly("new");
    }

    @Test
    void theEndMovesWithEveryAppend() {
        JournalPosition before = journal.end();
        JournalOffset offset = journal.append(ACCOUNT, utf8("one"));
        JournalPosition after = journal.end();

        assertThat(before.isPast(offset)).isFalse();
        assertThat(after.isPast(offset)).isTrue();
        assertThat(after.isAtOrAfter(before)).isTrue();
    }

    @Test
    void pollOfAnEmptyJournalWaitsForTheTimeoutThenReturnsNothing() throws InterruptedException {
        JournalReader reader = reader(JournalPosition.beginning());

        long began = System.nanoTime();
        List<JournalRecord> records = reader.poll(10, Duration.ofMillis(200));
        long waited = System.nanoTime() - began;

        assertThat(records).isEmpty();
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(190).toNanos());
    }

    @Test
    void pollWithAZeroTimeoutReturnsAtOnce() throws InterruptedException {
        JournalReader reader = reader(JournalPosition.beginning());

        assertThat(reader.poll(10, Duration.ZERO)).isEmpty();

        journal.append(ACCOUNT, utf8("one"));

        assertThat(pollUntil(reader, 1)).extracting(r -> text(r.payload())).containsExactly("one");
    }

    @Test
    void aWaitingReaderReturnsAsSoonAsARecordIsAppended() throws Exception {
        JournalReader reader = reader(journal.end());
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch polling = new CountDownLatch(1);
            Future<List<JournalRecord>> polled = executor.submit(() -> {
                polling.countDown();
                return reader.poll(10, Duration.ofSeconds(60));
            });
            polling.await();
            Thread.sleep(100);

            long appended = System.nanoTime();
            journal.append(ACCOUNT, utf8("wake up"));
            List<JournalRecord> records = polled.get(30, TimeUnit.SECONDS);

            assertThat(records).extracting(r -> text(r.payload())).containsExactly("wake up");
            assertThat(System.nanoTime() - appended)
                    .isLessThan(Duration.ofSeconds(10).toNanos());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aReaderThatCaughtUpSeesLaterRecords() throws InterruptedException {
        journal.append(ACCOUNT, utf8("event-0"));
        JournalReader reader = reader(JournalPosition.beginning());
        assertThat(pollUntil(reader, 1)).hasSize(1);

        for (int i = 1; i < 5; i++) {
            journal.append(ACCOUNT, utf8("event-" + i));
        }

        assertThat(pollUntil(reader, 4)).extracting(r -> text(r.payload())).containsExactlyElementsOf(events(1, 5));
    }

    @Test
    void readersReadIndependently() throws InterruptedException {
        for (int i = 0; i < 6; i++) {
            journal.append(ACCOUNT, utf8("event-" + i));
        }
        JournalReader one = reader(JournalPosition.beginning());
        JournalReader two = reader(JournalPosition.beginning());

        assertThat(pollUntil(one, 6)).extracting(r -> text(r.payload())).containsExactlyElementsOf(events(0, 6));
        assertThat(pollUntil(two, 6)).extracting(r -> text(r.payload())).containsExactlyElementsOf(events(0, 6));
    }

    @Test
    void aClosedReaderRefusesToPollAndClosingTwiceIsHarmless() {
        JournalReader reader = journal.reader(JournalPosition.beginning());
        reader.close();
        reader.close();

        assertThatThrownBy(() -> reader.poll(1, Duration.ZERO)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pollRefusesAMaximumBelowOne() {
        JournalReader reader = reader(JournalPosition.beginning());

        assertThatThrownBy(() -> reader.poll(0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }

    @Test
    void aReaderCannotStartAfterTheEnd() {
        JournalOffset offset = journal.append(ACCOUNT, utf8("only"));

        JournalPosition beyond = JournalPosition.beginning().with(offset.partition(), offset.offset() + 1_000_000);

        assertThatThrownBy(() -> journal.reader(beyond)).isInstanceOf(IllegalArgumentException.class);
    }

    // durability

    @Test
    void recordsSurviveReopen() throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            journal.append(ACCOUNT, utf8("event-" + i));
        }
        JournalPosition end = journal.end();

        journal = reopen();

        assertThat(read(JournalPosition.beginning(), 50))
                .extracting(r -> text(r.payload()))
                .containsExactlyElementsOf(events(0, 50));
        assertThat(journal.end()).isEqualTo(end);
    }

    @Test
    void appendsAfterReopenFollowTheOldRecords() throws InterruptedException {
        JournalOffset before = journal.append(ACCOUNT, utf8("event-0"));
        journal = reopen();

        JournalOffset after = journal.append(ACCOUNT, utf8("event-1"));
        journal = reopen();

        assertThat(after).isGreaterThan(before);
        assertThat(read(JournalPosition.beginning(), 2))
                .extracting(r -> text(r.payload()))
                .containsExactly("event-0", "event-1");
    }

    @Test
    void aClosedJournalRefusesAppendsAndClosingTwiceIsHarmless() {
        journal.append(ACCOUNT, utf8("one"));
        journal.close();
        journal.close();

        assertThatThrownBy(() -> journal.append(ACCOUNT, utf8("two"))).isInstanceOf(IllegalStateException.class);

        journal = reopen();
    }

    // concurrency

    @Test
    void concurrentAppendsFrom64ThreadsLoseNothingAndDuplicateNothing() throws Exception {
        int threads = 64;
        int appendsPerThread = 100;
        Queue<JournalOffset> acknowledged = new ConcurrentLinkedQueue<>();

        runConcurrently(threads, thread -> {
            String key = account(thread % 8);
            for (int i = 0; i < appendsPerThread; i++) {
                if (i % 10 == 9) {
                    acknowledged.addAll(
                            journal.append(key, List.of(utf8(thread + "/" + i + "a"), utf8(thread + "/" + i + "b"))));
                } else {
                    acknowledged.add(journal.append(key, utf8(thread + "/" + i)));
                }
            }
        });

        int expected = threads * appendsPerThread * 11 / 10;
        assertThat(acknowledged).hasSize(expected).doesNotHaveDuplicates();
        assertEveryThreadsRecordsInOrder(read(JournalPosition.beginning(), expected), threads, appendsPerThread, true);

        journal = reopen();

        List<JournalRecord> afterReopen = read(JournalPosition.beginning(), expected);
        assertThat(afterReopen).extracting(JournalRecord::offset).containsExactlyInAnyOrderElementsOf(acknowledged);
        assertEveryThreadsRecordsInOrder(afterReopen, threads, appendsPerThread, true);
        assertNoMoreRecords(positionAfter(afterReopen));
    }

    @Test
    void aReaderFollowingConcurrentAppendsSeesEachRecordOnce() throws Exception {
        int threads = 16;
        int appendsPerThread = 100;
        int total = threads * appendsPerThread;
        JournalReader reader = reader(journal.end());
        List<JournalRecord> seen = new ArrayList<>();
        ExecutorService follower = Executors.newSingleThreadExecutor();
        try {
            Future<?> following = follower.submit(() -> {
                while (seen.size() < total) {
                    seen.addAll(reader.poll(1000, Duration.ofMillis(50)));
                }
                return null;
            });
            runConcurrently(threads, thread -> {
                for (int i = 0; i < appendsPerThread; i++) {
                    journal.append(account(thread), utf8(thread + "/" + i));
                }
            });
            following.get(60, TimeUnit.SECONDS);
        } finally {
            follower.shutdownNow();
        }

        assertThat(seen).extracting(JournalRecord::offset).doesNotHaveDuplicates();
        assertEveryThreadsRecordsInOrder(seen, threads, appendsPerThread, false);
        assertThat(reader.poll(10, NONE_EXPECTED)).isEmpty();
    }

    // consumers

    @Test
    void aConsumerThatNeverCommittedHasNoPosition() {
        assertThat(journal.committed("history")).isEmpty();
    }

    @Test
    void aCommittedPositionIsReturnedAndReadingFromItContinuesAfterTheConsumedRecords() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            journal.append(ACCOUNT, utf8("event-" + i));
        }
        JournalReader reader = reader(JournalPosition.beginning());
        pollUntil(reader, 3);

        journal.commit("history", reader.position());

        assertThat(journal.committed("history")).contains(reader.position());
        assertThat(read(journal.committed("history").orElseThrow(), 2))
                .extracting(r -> text(r.payload()))
                .containsExactly("event-3", "event-4");
    }

    @Test
    void aCommitReplacesTheEarlierPosition() {
        journal.append(ACCOUNT, utf8("one"));
        JournalPosition first = journal.end();
        journal.append(ACCOUNT, utf8("two"));
        JournalPosition second = journal.end();

        journal.commit("history", first);
        journal.commit("history", second);

        assertThat(journal.committed("history")).contains(second);
    }

    @Test
    void consumersKeepSeparatePositions() {
        journal.append(ACCOUNT, utf8("one"));
        JournalPosition first = journal.end();
        journal.append(ACCOUNT, utf8("two"));

        journal.commit("history", first);
        journal.commit("trail-main", journal.end());
        journal.commit("trail.other_1", JournalPosition.beginning());

        assertThat(journal.committed("history")).contains(first);
        assertThat(journal.committed("trail-main")).contains(journal.end());
        assertThat(journal.committed("trail.other_1")).contains(JournalPosition.beginning());
    }

    @Test
    void aForgottenPositionIsGoneAlsoAfterReopenAndOthersStay() {
        journal.append(ACCOUNT, utf8("event"));
        journal.commit("history", journal.end());
        journal.commit("trail.deleted", JournalPosition.beginning());

        journal.forget("trail.deleted");
        journal.forget("never-committed");

        assertThat(journal.committed("trail.deleted")).isEmpty();
        journal = reopen();
        assertThat(journal.committed("trail.deleted")).isEmpty();
        assertThat(journal.committed("history")).contains(journal.end());
    }

    @Test
    void committedPositionsSurviveReopen() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            journal.append(ACCOUNT, utf8("event-" + i));
        }
        JournalReader reader = reader(JournalPosition.beginning());
        pollUntil(reader, 2);
        JournalPosition position = reader.position();
        journal.commit("history", position);
        journal.commit("trail", journal.end());

        journal = reopen();

        assertThat(journal.committed("history")).contains(position);
        assertThat(journal.committed("trail")).contains(journal.end());
        assertThat(read(position, 2)).extracting(r -> text(r.payload())).containsExactly("event-2", "event-3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "../up", "with space", "tab\t", "ümlaut", "semi;colon"})
    void invalidConsumerNamesAreRefused(String name) {
        assertThatThrownBy(() -> journal.commit(name, JournalPosition.beginning()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> journal.committed(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void consumerNamesOfAHundredCharactersAreTheLongestAccepted() {
        journal.commit("c".repeat(100), JournalPosition.beginning());

        assertThat(journal.committed("c".repeat(100))).contains(JournalPosition.beginning());
        assertThatThrownBy(() -> journal.commit("c".repeat(101), JournalPosition.beginning()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("c".repeat(101));
    }

    // clear

    @Test
    void clearRemovesEveryRecord() throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            journal.append(account(i), utf8("event-" + i));
        }

        journal.clear();

        assertThat(reader(JournalPosition.beginning()).poll(100, NONE_EXPECTED)).isEmpty();
    }

    @Test
    void clearForgetsCommittedPositions() {
        journal.append(ACCOUNT, utf8("one"));
        journal.commit("history", journal.end());

        journal.clear();

        assertThat(journal.committed("history")).isEmpty();
    }

    @Test
    void offsetsAreNotReusedAfterClear() {
        JournalOffset before = journal.append(ACCOUNT, utf8("before"));

        journal.clear();
        JournalOffset after = journal.append(ACCOUNT, utf8("after"));

        assertThat(after).isGreaterThan(before);
    }

    @Test
    void aReaderOpenedBeforeClearReadsOnlyWhatWasAppendedAfterIt() throws InterruptedException {
        journal.append(ACCOUNT, utf8("cleared-0"));
        journal.append(ACCOUNT, utf8("cleared-1"));
        JournalReader reader = reader(JournalPosition.beginning());

        journal.clear();
        journal.append(ACCOUNT, utf8("kept"));

        assertThat(pollUntil(reader, 1)).extracting(r -> text(r.payload())).containsExactly("kept");
        assertThat(reader.poll(10, NONE_EXPECTED)).isEmpty();
    }

    @Test
    void clearIsDurableAndLaterAppendsSurviveReopen() throws InterruptedException {
        journal.append(ACCOUNT, utf8("cleared"));
        journal.commit("history", journal.end());
        journal.clear();
        journal.append(ACCOUNT, utf8("kept"));

        journal = reopen();

        assertThat(read(JournalPosition.beginning(), 1))
                .extracting(r -> text(r.payload()))
                .containsExactly("kept");
        assertNoMoreRecords(journal.end());
        assertThat(journal.committed("history")).isEmpty();
    }

    @Test
    void clearOfAnEmptyJournalSucceeds() {
        journal.clear();
        journal.clear();

        journal = reopen();

        assertThat(journal.end().isAtOrAfter(JournalPosition.beginning())).isTrue();
    }

    // failures

    @Test
    void anAppendThatCannotBeMadeDurableThrows() {
        failWrites(true);
        try {
            assertThatThrownBy(() -> journal.append(ACCOUNT, utf8("lost"))).isInstanceOf(JournalException.class);
            assertThatThrownBy(() -> journal.append(ACCOUNT, List.of(utf8("lost"), utf8("too"))))
                    .isInstanceOf(JournalException.class);
        } finally {
            failWrites(false);
        }
        assertThat(journal.stats().failedAppends()).isEqualTo(2);
    }

    @Test
    void aFailedAppendLeavesEarlierRecordsIntactAndIsNeverRead() throws InterruptedException {
        journal.append(ACCOUNT, utf8("before-0"));
        journal.append(ACCOUNT, utf8("before-1"));
        JournalPosition endBefore = journal.end();

        failWrites(true);
        try {
            assertThatThrownBy(() -> journal.append(ACCOUNT, utf8("failed"))).isInstanceOf(JournalException.class);
        } finally {
            failWrites(false);
        }

        assertThat(journal.end()).isEqualTo(endBefore);
        assertThat(read(JournalPosition.beginning(), 2))
                .extracting(r -> text(r.payload()))
                .containsExactly("before-0", "before-1");
        assertNoMoreRecords(endBefore);
    }

    @Test
    void appendsSucceedAgainOnceTheFailureIsGone() throws InterruptedException {
        journal.append(ACCOUNT, utf8("before"));
        failWrites(true);
        try {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> journal.append(ACCOUNT, utf8("failed")))
                        .isInstanceOf(JournalException.class);
            }
        } finally {
            failWrites(false);
        }

        journal.append(ACCOUNT, utf8("after"));

        assertThat(read(JournalPosition.beginning(), 2))
                .extracting(r -> text(r.payload()))
                .containsExactly("before", "after");
        assertNoMoreRecords(journal.end());

        journal = reopen();

        assertThat(read(JournalPosition.beginning(), 2))
                .extracting(r -> text(r.payload()))
                .containsExactly("before", "after");
    }

    @Test
    void concurrentAppendsDuringAFailureAllThrowAndNoneIsRead() throws Exception {
        journal.append(ACCOUNT, utf8("before"));
        JournalPosition endBefore = journal.end();
        Queue<Throwable> thrown = new ConcurrentLinkedQueue<>();
        failWrites(true);
        try {
            runConcurrently(16, thread -> {
                for (int i = 0; i < 5; i++) {
                    try {
                        journal.append(account(thread), utf8("failed"));
                    } catch (JournalException e) {
                        thrown.add(e);
                    }
                }
            });
        } finally {
            failWrites(false);
        }

        assertThat(thrown).hasSize(80);
        assertThat(journal.end()).isEqualTo(endBefore);
        assertThat(read(JournalPosition.beginning(), 1))
                .extracting(r -> text(r.payload()))
                .containsExactly("before");
        assertNoMoreRecords(endBefore);
    }

    // stats

    @Test
    void statsCountAcknowledgedRecordsAndTheirBytes() {
        journal.append(ACCOUNT, utf8("12345"));
        journal.append(ACCOUNT, List.of(utf8("123"), utf8("1234567")));

        assertThat(journal.stats().appendedRecords()).isEqualTo(3);
        assertThat(journal.stats().appendedBytes()).isEqualTo(15);
        assertThat(journal.stats().syncs()).isPositive();
        assertThat(journal.stats().failedAppends()).isZero();
    }

    // helpers

    /** A task run on one of several threads, given the thread's number. */
    @FunctionalInterface
    private interface ThreadBody {
        void run(int thread) throws Exception;
    }

    /** Runs {@code body} on {@code threads} virtual threads at once, as Cairn's callers do. */
    private static void runConcurrently(int threads, ThreadBody body) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(executor.submit(() -> {
                    start.await();
                    body.run(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Checks that each thread's records, {@code thread/i} for every i, or {@code thread/ia} and
     * {@code thread/ib} for every tenth i when {@code batches}, are all there, once, in order.
     */
    private static void assertEveryThreadsRecordsInOrder(
            List<JournalRecord> records, int threads, int appendsPerThread, boolean batches) {
        Map<Integer, List<String>> byThread = new HashMap<>();
        for (JournalRecord record : records) {
            String text = text(record.payload());
            int thread = Integer.parseInt(text.substring(0, text.indexOf('/')));
            byThread.computeIfAbsent(thread, t -> new ArrayList<>()).add(text.substring(text.indexOf('/') + 1));
        }
        assertThat(byThread).hasSize(threads);
        for (Map.Entry<Integer, List<String>> entry : byThread.entrySet()) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < appendsPerThread; i++) {
                if (batches && i % 10 == 9) {
                    expected.add(i + "a");
                    expected.add(i + "b");
                } else {
                    expected.add(Integer.toString(i));
                }
            }
            assertThat(entry.getValue())
                    .as("records of thread %d", entry.getKey())
                    .containsExactlyElementsOf(expected);
        }
    }

    /** Opens a reader that the kit closes after the test. */
    private JournalReader reader(JournalPosition from) {
        JournalReader reader = journal.reader(from);
        readers.add(reader);
        return reader;
    }

    /** Reads exactly {@code count} records from {@code from}, failing if they do not come. */
    private List<JournalRecord> read(JournalPosition from, int count) throws InterruptedException {
        return pollUntil(reader(from), count);
    }

    private static List<JournalRecord> pollUntil(JournalReader reader, int count) throws InterruptedException {
        List<JournalRecord> records = new ArrayList<>();
        while (records.size() < count) {
            List<JournalRecord> polled = reader.poll(count - records.size(), EXPECTED);
            assertThat(polled)
                    .as("records %d and on, of %d expected", records.size(), count)
                    .isNotEmpty();
            records.addAll(polled);
        }
        return records;
    }

    private void assertNoMoreRecords(JournalPosition from) throws InterruptedException {
        assertThat(reader(from).poll(100, NONE_EXPECTED))
                .as("records after %s", from)
                .isEmpty();
    }

    private static JournalPosition positionAfter(List<JournalRecord> records) {
        JournalPosition position = JournalPosition.beginning();
        for (JournalRecord record : records) {
            if (!position.isPast(record.offset())) {
                position = position.after(record);
            }
        }
        return position;
    }

    private static List<String> events(int from, int to) {
        List<String> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            events.add("event-" + i);
        }
        return events;
    }

    private static String account(int i) {
        return "%012d".formatted(100_000_000_000L + i);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
