package dev.cairn.journal.segment;

import static dev.cairn.journal.segment.TestJournals.ACCOUNT;
import static dev.cairn.journal.segment.TestJournals.lastSegment;
import static dev.cairn.journal.segment.TestJournals.segmentFiles;
import static dev.cairn.journal.segment.TestJournals.texts;
import static dev.cairn.journal.segment.TestJournals.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.journal.JournalException;
import dev.cairn.journal.JournalPosition;
import dev.cairn.testkit.logging.CapturingLogProvider;
import dev.cairn.time.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * Fail-closed: an append the journal cannot make durable throws, is never read, and does not come back
 * after a reopen; acknowledged records stay; and appends work again once the disk does.
 */
class SegmentJournalFaultTest {

    @TempDir
    Path directory;

    private final FaultyFileChannel.Faults faults = new FaultyFileChannel.Faults();
    private SegmentJournal journal;

    @BeforeEach
    void open() {
        journal = open(SegmentJournalConfig.defaults());
        CapturingLogProvider.reset();
    }

    @AfterEach
    void close() {
        journal.close();
    }

    @Test
    void aFailedWriteFailsTheAppendAndTheSegmentIsRolledBackToItsDurableEnd() throws IOException {
        journal.append(ACCOUNT, utf8("before"));
        long durableSize = Files.size(lastSegment(directory));
        faults.writes.set(1);

        assertThatThrownBy(() -> journal.append(ACCOUNT, utf8("x".repeat(1000))))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("could not write " + lastSegment(directory))
                .hasMessageContaining("No space left on device");
        awaitSize(lastSegment(directory), durableSize); // rolled back at once, not only before the next append

        journal.append(ACCOUNT, utf8("after"));

        assertThat(texts(journal)).containsExactly("before", "after");
        reopen();
        assertThat(texts(journal)).containsExactly("before", "after");
        assertThat(CapturingLogProvider.events(Level.WARN))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("rolled back to offset"));
    }

    @Test
    void aFailedFsyncFailsTheAppendAndItsRecordIsGoneAfterReopen() {
        journal.append(ACCOUNT, utf8("before"));
        faults.forces.set(1);

        assertThatThrownBy(() -> journal.append(ACCOUNT, utf8("failed")))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("could not force")
                .hasMessageContaining("Input/output error on fsync");

        assertThat(texts(journal)).containsExactly("before");
        reopen();
        assertThat(texts(journal)).containsExactly("before");
        journal.append(ACCOUNT, utf8("after"));
        assertThat(texts(journal)).containsExactly("before", "after");
    }

    // repeated: a batch written while a force failed once stayed unacknowledged and its append hung (CI)
    @RepeatedTest(25)
    void aFailedFsyncFailsEveryAppendNotYetDurableAndNoneOfThemIsRead() throws Exception {
        journal.append(ACCOUNT, utf8("before"));
        faults.forces.set(1);
        Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        Queue<String> failed = new ConcurrentLinkedQueue<>();

        runConcurrently(32, thread -> {
            for (int i = 0; i < 5; i++) {
                String text = thread + "/" + i;
                try {
                    journal.append(ACCOUNT, utf8(text));
                    acknowledged.add(text);
                } catch (JournalException e) {
                    failed.add(text);
                }
            }
        });

        assertThat(failed).isNotEmpty();
        assertThat(acknowledged.size() + failed.size()).isEqualTo(160);
        List<String> expected = new ArrayList<>(acknowledged);
        expected.add("before");
        assertThat(texts(journal)).containsExactlyInAnyOrderElementsOf(expected);
        reopen();
        assertThat(texts(journal)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void whileTheRollbackFailsAppendsKeepFailingAndTheFirstOneAfterItSucceeds() {
        journal.append(ACCOUNT, utf8("before"));
        faults.writes.set(1);
        faults.truncates.set(3);

        assertThatThrownBy(() -> journal.append(ACCOUNT, utf8("failed")))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("No space left on device");
        awaitCount(faults.truncates, 2); // the writer tried to roll back at once
        for (int i = 0; i < 2; i++) { // each tries again first, and fails with the first cause
            assertThatThrownBy(() -> journal.append(ACCOUNT, utf8("failed")))
                    .isInstanceOf(JournalException.class)
                    .hasMessageContaining("No space left on device");
        }
        journal.append(ACCOUNT, utf8("after"));

        assertThat(texts(journal)).containsExactly("before", "after");
        assertThat(journal.stats().failedAppends()).isEqualTo(3);
        assertThat(CapturingLogProvider.events(Level.WARN))
                .as("one warning per failure, not per append")
                .hasSize(1);
        assertThat(CapturingLogProvider.events(Level.INFO))
                .anySatisfy(e -> assertThat(e.message()).contains("appending again"));
        reopen();
        assertThat(texts(journal)).containsExactly("before", "after");
    }

    @Test
    void aFullDiskFailsEveryAppendUntilItHasRoomAgain() {
        journal.append(ACCOUNT, utf8("before"));
        faults.failing.set(true);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> journal.append(ACCOUNT, utf8("failed"))).isInstanceOf(JournalException.class);
        }
        faults.failing.set(false);

        journal.append(ACCOUNT, utf8("after"));

        assertThat(texts(journal)).containsExactly("before", "after");
        assertThat(journal.stats().failedAppends()).isEqualTo(5);
    }

    @Test
    void aSegmentThatCannotBeCreatedFailsTheAppendAndALaterAppendRolls() throws IOException {
        journal.close();
        journal = open(SegmentJournalConfig.defaults().withSegmentBytes(1024));
        for (int i = 0; i < 8; i++) { // 8 frames of 112 bytes fill all but 96 bytes of the segment
            journal.append(ACCOUNT, utf8("r".repeat(90)));
        }
        assertThat(segmentFiles(directory)).hasSize(1);
        faults.opens.set(1); // the temporary file of the next segment

        assertThatThrownBy(() -> journal.append(ACCOUNT, utf8("r".repeat(90))))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("could not prepare");
        journal.append(ACCOUNT, utf8("after" + "r".repeat(85)));

        assertThat(segmentFiles(directory)).hasSize(2);
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
        List<String> texts = texts(journal);
        assertThat(texts).hasSize(9);
        assertThat(texts.get(8)).startsWith("after");
    }

    @Test
    void aClearThatCannotStartAFreshSegmentKeepsTheRecords() {
        journal.append(ACCOUNT, utf8("kept"));
        journal.commit("history", journal.end());
        faults.opens.set(1);

        assertThatThrownBy(() -> journal.clear())
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("could not start a fresh segment");

        assertThat(texts(journal)).containsExactly("kept");
        assertThat(journal.committed("history")).isPresent();
        journal.append(ACCOUNT, utf8("after"));
        assertThat(texts(journal)).containsExactly("kept", "after");
    }

    @Test
    void aCommitThatCannotBeMadeDurableKeepsTheEarlierPosition() {
        journal.append(ACCOUNT, utf8("one"));
        JournalPosition first = journal.end();
        journal.commit("history", first);
        journal.append(ACCOUNT, utf8("two"));
        faults.forces.set(1);

        assertThatThrownBy(() -> journal.commit("history", journal.end()))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("consumer history")
                .hasMessageContaining("earlier position stands");

        assertThat(journal.committed("history")).contains(first);
        reopen();
        assertThat(journal.committed("history")).contains(first);
        try (Stream<Path> files = Files.list(directory.resolve(ConsumerPositions.DIRECTORY))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("history.position");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aJournalThatCannotBeOpenedReleasesItsDirectory() {
        journal.close();
        faults.opens.set(1);

        assertThatThrownBy(() -> open(SegmentJournalConfig.defaults())).isInstanceOf(JournalException.class);

        journal = open(SegmentJournalConfig.defaults());
    }

    @Test
    void closingAfterAFailedFsyncRollsTheSegmentBack() throws IOException {
        journal.append(ACCOUNT, utf8("before"));
        long durableSize = Files.size(lastSegment(directory));
        faults.forces.set(1);
        assertThatThrownBy(() -> journal.append(ACCOUNT, utf8("failed"))).isInstanceOf(JournalException.class);

        journal.close();

        assertThat(Files.size(lastSegment(directory))).isEqualTo(durableSize);
        journal = open(SegmentJournalConfig.defaults());
    }

    private static void awaitCount(AtomicInteger counter, int value) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counter.get() != value && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(counter).hasValue(value);
    }

    private static void awaitSize(Path file, long size) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.size(file) != size && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(Files.size(file)).as("size of %s", file).isEqualTo(size);
    }

    private SegmentJournal open(SegmentJournalConfig config) {
        return SegmentJournal.open(directory, config, Clock.system(), faults.opener());
    }

    private void reopen() {
        journal.close();
        journal = open(SegmentJournalConfig.defaults());
    }

    /** A task run on one of several threads, given the thread's number. */
    @FunctionalInterface
    interface ThreadBody {
        void run(int thread) throws Exception;
    }

    static void runConcurrently(int threads, ThreadBody body) throws Exception {
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
}
