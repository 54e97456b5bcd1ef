package dev.cairn.bench;

import dev.cairn.journal.JournalStats;
import dev.cairn.journal.segment.SegmentJournal;
import dev.cairn.journal.segment.SegmentJournalConfig;
import dev.cairn.time.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The throughput of durable appends to the embedded journal: 64 threads each append one 1 KiB event at
 * a time and wait until it is fsync'd, as 64 concurrent API calls do, either as JMH's own (platform)
 * threads or as virtual threads, which is how Cairn runs calls. The target is at least 100k events
 * per second. At the end of each trial it prints the fsyncs it took, their mean latency and how many
 * events shared each one.
 *
 * <p>Run with {@code java -cp <classpath> org.openjdk.jmh.Main JournalAppendBenchmark}. The journal lives
 * in a fresh directory under {@code -Dcairn.bench.dir} (default: the temporary directory), which should
 * be on the disk to measure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Threads(64)
@Fork(1)
public class JournalAppendBenchmark {

    /** How many fsyncs may be in flight at once: 1 is classic group commit. */
    @Param({"1", "4"})
    public int syncThreads;

    static final int CALLERS = 64;
    static final int APPENDS_PER_CALLER = 200;

    private Path directory;
    private SegmentJournal journal;
    private final AtomicInteger threadNumbers = new AtomicInteger();
    private final String[] accounts = new String[CALLERS];
    private final byte[][] events = new byte[CALLERS][];

    /** One appending thread: its account ID and its 1 KiB event. */
    @State(Scope.Thread)
    public static class Caller {
        String account;
        byte[] event;

        @Setup
        public void setUp(JournalAppendBenchmark benchmark) {
            int number = benchmark.threadNumbers.getAndIncrement();
            account = "%012d".formatted(100_000_000_000L + number);
            event = new byte[1024];
            new Random(number).nextBytes(event);
        }
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path parent = Path.of(System.getProperty("cairn.bench.dir", System.getProperty("java.io.tmpdir")));
        directory = Files.createTempDirectory(parent, "cairn-journal-bench-");
        for (int c = 0; c < CALLERS; c++) {
            accounts[c] = "%012d".formatted(100_000_000_000L + c);
            events[c] = new byte[1024];
            new Random(c).nextBytes(events[c]);
        }
        journal = SegmentJournal.open(
                directory, SegmentJournalConfig.defaults().withSyncThreads(syncThreads), Clock.system());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        JournalStats stats = journal.stats();
        journal.close();
        System.out.printf(
                "%n[journal] %d events, %d fsyncs, mean fsync %.0f us, %.1f events per fsync, %d failed%n",
                stats.appendedRecords(),
                stats.syncs(),
                stats.syncs() == 0 ? 0.0 : stats.syncNanos() / 1000.0 / stats.syncs(),
                stats.syncs() == 0 ? 0.0 : (double) stats.appendedRecords() / stats.syncs(),
                stats.failedAppends());
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** 64 JMH threads (platform threads), each appending one event at a time. */
    @Benchmark
    public long durableAppend(Caller caller) {
        return journal.append(caller.account, caller.event).offset();
    }

    /**
     * 64 virtual threads, as Cairn's calls run, each appending {@value #APPENDS_PER_CALLER} events one at a
     * time; one invocation counts every one of their appends.
     */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(CALLERS * APPENDS_PER_CALLER)
    public void durableAppendFromVirtualThreads() {
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CALLERS; c++) {
                String account = accounts[c];
                byte[] event = events[c];
                callers.submit(() -> {
                    for (int i = 0; i < APPENDS_PER_CALLER; i++) {
                        journal.append(account, event);
                    }
                });
            }
        }
    }
}
