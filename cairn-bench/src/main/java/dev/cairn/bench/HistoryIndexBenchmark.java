package dev.cairn.bench;

import dev.cairn.event.AuditEvent;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.event.RawJson;
import dev.cairn.event.Resource;
import dev.cairn.event.SessionAttributes;
import dev.cairn.event.SessionContext;
import dev.cairn.event.SessionIssuer;
import dev.cairn.event.UserIdentity;
import dev.cairn.history.HistoryFields;
import dev.cairn.history.HistoryRecord;
import dev.cairn.history.StoredEvent;
import dev.cairn.history.indexer.HistoryIndexer;
import dev.cairn.history.indexer.HistoryIndexerConfig;
import dev.cairn.history.indexer.HistoryRecordScanner;
import dev.cairn.history.lucene.LuceneEventStore;
import dev.cairn.history.lucene.LuceneEventStoreConfig;
import dev.cairn.journal.JournalPosition;
import dev.cairn.journal.segment.SegmentJournal;
import dev.cairn.time.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * The indexing throughput of event history, in events per second on one thread (the indexer is one
 * thread), over synthetic management events shaped like the CloudTrail corpus (about 1.3 KB of JSON,
 * half of them by assumed roles, resources on a third, request parameters that name IAM users, roles and
 * trails). The target is at least 50,000 events per second.
 *
 * <ul>
 *   <li>{@code append}: parsed events into the Lucene store, in batches of {@value #BATCH}, with a commit
 *       every {@value #COMMIT_EVERY} batches, as the indexer does at 50k events per second.
 *   <li>{@code parseAndAppend}: the same from the journaled JSON bytes, parsed and filtered first, which
 *       is the indexer's whole work per record apart from reading the journal.
 *   <li>{@code scanAndAppend}: the same with the indexer's lighter reading of each record
 *       ({@link HistoryRecordScanner}), which decodes only the members history derives fields from.
 *   <li>{@code scanOnly} / {@code parseOnly}: that reading alone, against a whole parse.
 *   <li>{@code indexerCatchUp}: the whole {@link HistoryIndexer} reading {@value #CATCH_UP} records from
 *       a segment journal filled beforehand, until all are searchable and committed.
 *   <li>{@code indexerFollow}: the indexer following a journal filled at {@value #FOLLOW_RATE} events per
 *       second, as on a busy server; it prints the CPU indexing costs per event.
 * </ul>
 *
 * <p>The index grows over the iterations (to a few million events). Run with {@code
 * cairn-bench/scripts/run_jmh.sh HistoryIndexBenchmark}; the index lives under {@code -Dcairn.bench.dir}
 * (default: the temporary directory) and is deleted at the end of each trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx512m", "-XX:+UseParallelGC", "--enable-native-access=ALL-UNNAMED"})
public class HistoryIndexBenchmark {

    static final int BATCH = 5_000;
    static final int COMMIT_EVERY = 10;
    static final int CATCH_UP = 200_000;
    static final int RECORDS = 10_000;
    static final int FOLLOW_RATE = 15_000;
    static final int FOLLOW_SECONDS = 20;
    static final int FOLLOW_CHUNK = 32;

    private Path directory;
    private LuceneEventStore store;
    private Synthetic synthetic;
    private long next;
    private int invocations;

    private List<StoredEvent> parsed;
    private List<byte[]> journaled;

    /** CPU time of the measured calls, on the calling thread and in the whole process (merges, GC, JIT). */
    private final CpuMeter cpu = new CpuMeter();

    /** Whether the benchmark running appends batches (the others need no batches made). */
    private boolean appends;

    @Setup(Level.Trial)
    public void open(org.openjdk.jmh.infra.BenchmarkParams params) throws IOException {
        appends = params.getBenchmark().endsWith("ppend");
        directory = Files.createTempDirectory(benchDirectory(), "cairn-history-index-bench-");
        store = LuceneEventStore.open(directory.resolve("history"), LuceneEventStoreConfig.defaults());
        synthetic = new Synthetic(100_000_000L, Instant.parse("2026-11-20T00:00:00Z"));
    }

    /** Makes the next batch, outside the measured time: each invocation indexes events not seen before. */
    @Setup(Level.Invocation)
    public void nextBatch() {
        if (!appends) {
            return;
        }
        parsed = new ArrayList<>(BATCH);
        journaled = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            AuditEvent event = synthetic.event(next++);
            byte[] json = CloudTrailJson.serialize(event);
            parsed.add(new StoredEvent(event, json));
            journaled.add(json);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        long events = store.size();
        cpu.print("append/parseAndAppend");
        store.close();
        if (events > 0) {
            System.out.printf(
                    "%n[history] %,d events indexed, %,d bytes on disk (%.0f bytes per event)%n",
                    events, sizeOf(directory), (double) sizeOf(directory) / events);
        }
        delete(directory);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void append() {
        cpu.start();
        store.append(parsed);
        maybeCommit();
        cpu.stop(BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void parseAndAppend() {
        cpu.start();
        List<StoredEvent> batch = new ArrayList<>(BATCH);
        for (byte[] json : journaled) {
            AuditEvent event = CloudTrailJson.parse(json);
            if (HistoryFields.isKept(event)) {
                batch.add(new StoredEvent(event, json));
            }
        }
        store.append(batch);
        maybeCommit();
        cpu.stop(BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void scanAndAppend() {
        cpu.start();
        List<HistoryRecord> batch = new ArrayList<>(BATCH);
        for (byte[] json : journaled) {
            HistoryRecord record = HistoryRecordScanner.scan(json);
            if (record != null) {
                batch.add(record);
            }
        }
        store.appendRecords(batch);
        maybeCommit();
        cpu.stop(BATCH);
    }

    /** {@value #RECORDS} journaled records, made once, for the benchmarks of reading records alone. */
    @State(Scope.Benchmark)
    public static class Records {
        final List<byte[]> journaled = new ArrayList<>(RECORDS);

        @Setup(Level.Trial)
        public void make() {
            Synthetic synthetic = new Synthetic(100_000_000L, Instant.parse("2026-11-20T00:00:00Z"));
            for (int n = 0; n < RECORDS; n++) {
                journaled.add(CloudTrailJson.serialize(synthetic.event(n)));
            }
        }
    }

    /** Only the indexer's reading of each record: the fields history derives, without the store. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int scanOnly(Records records) {
        int kept = 0;
        for (byte[] json : records.journaled) {
            if (HistoryRecordScanner.scan(json) != null) {
                kept++;
            }
        }
        return kept;
    }

    /** The same by parsing each record whole and deriving the fields from it, as the indexer did before. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int parseOnly(Records records) {
        int kept = 0;
        for (byte[] json : records.journaled) {
            AuditEvent event = CloudTrailJson.parse(json);
            if (HistoryFields.isKept(event) && HistoryRecord.of(new StoredEvent(event, json)) != null) {
                kept++;
            }
        }
        return kept;
    }

    private void maybeCommit() {
        if (++invocations % COMMIT_EVERY == 0) {
            store.commit(JournalPosition.beginning().with(0, next));
        }
    }

    /** A segment journal filled with {@value #CATCH_UP} records before each measured catch-up. */
    @State(Scope.Benchmark)
    public static class FilledJournal {
        Path directory;
        SegmentJournal journal;
        LuceneEventStore store;
        long next;
        final CpuMeter cpu = new CpuMeter();

        @Setup(Level.Iteration)
        public void fill() throws IOException {
            directory = Files.createTempDirectory(benchDirectory(), "cairn-history-catch-up-bench-");
            journal = SegmentJournal.open(directory.resolve("journal"));
            Synthetic synthetic = new Synthetic(100_000_000L, Instant.parse("2026-11-20T00:00:00Z"));
            List<byte[]> chunk = new ArrayList<>();
            String account = null;
            for (int i = 0; i < CATCH_UP; i++) {
                AuditEvent event = synthetic.event(next++);
                if (account != null && !account.equals(event.recipientAccountId()) || chunk.size() == 500) {
                    journal.append(account, chunk);
                    chunk = new ArrayList<>();
                }
                account = event.recipientAccountId();
                chunk.add(CloudTrailJson.serialize(event));
            }
            journal.append(account, chunk);
            store = LuceneEventStore.open(directory.resolve("history"));
            System.gc(); // the garbage of filling the journal is not the indexer's
        }

        @TearDown(Level.Trial)
        public void report() {
            cpu.print("indexerCatchUp");
        }

        @TearDown(Level.Iteration)
        public void empty() throws IOException {
            store.close();
            journal.close();
            delete(directory);
        }
    }

    /** The indexer thread indexing {@value #CATCH_UP} journaled events: ops/s is events per second. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CATCH_UP)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public long indexerCatchUp(FilledJournal filled) throws InterruptedException {
        HistoryIndexer indexer =
                new HistoryIndexer(filled.journal, filled.store, Clock.system(), HistoryIndexerConfig.defaults());
        filled.cpu.start();
        indexer.start();
        Thread thread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("cairn-history-indexer"))
                .findFirst()
                .orElseThrow();
        try {
            if (!indexer.awaitIndexed(filled.journal.end(), Duration.ofMinutes(5))) {
                throw new IllegalStateException("the indexer did not catch up within 5 minutes");
            }
            filled.cpu.stop(thread, CATCH_UP); // before the final commit, when the thread ends
        } finally {
            indexer.close(); // commits
        }
        return indexer.indexedEvents();
    }

    /**
     * A journal that fills at {@value #FOLLOW_RATE} events per second while a {@link HistoryIndexer} follows
     * it, as on a server answering recorded calls: the events arrive in small appends, the indexer appends
     * small batches and commits every second, and Lucene merges in the background. The store and the
     * indexer live for the whole trial, so the index grows by {@value #FOLLOW_SECONDS} seconds of events per
     * iteration and merges reach the sizes they have on a server that has been up for a while.
     */
    @State(Scope.Benchmark)
    public static class LiveJournal {
        static final int TEMPLATES = 4096;

        /** How often the indexer commits, in seconds (its default is 1). */
        @Param({"1"})
        public int commitSeconds;

        Path directory;
        SegmentJournal journal;
        LuceneEventStore store;
        HistoryIndexer indexer;
        Thread indexerThread;
        final MergeCpu merges = new MergeCpu();
        final List<byte[]> templates = new ArrayList<>(TEMPLATES);
        final List<int[]> offsets = new ArrayList<>(TEMPLATES);
        long firstSecond;
        long next;

        /** Whether the current iteration is measured (not a warm-up). */
        boolean measured;

        /** The CPU used in measured iterations, by part, in nanoseconds; and their events and wall time. */
        final long[] used = new long[Part.values().length];

        long events;
        long wallNanos;

        @Setup(Level.Trial)
        public void open() throws IOException {
            directory = Files.createTempDirectory(benchDirectory(), "cairn-history-follow-bench-");
            journal = SegmentJournal.open(directory.resolve("journal"));
            store = LuceneEventStore.open(directory.resolve("history"));
            Synthetic synthetic = new Synthetic(100_000_000L, Instant.parse("2026-11-20T00:00:00Z"));
            for (int n = 0; n < TEMPLATES; n++) {
                byte[] json = CloudTrailJson.serialize(synthetic.event(n));
                templates.add(json);
                offsets.add(new int[] {valueAt(json, "\"eventID\":\""), valueAt(json, "\"eventTime\":\"")});
            }
            firstSecond = Instant.parse("2026-11-20T00:00:00Z").getEpochSecond();
            indexer = new HistoryIndexer(
                    journal,
                    store,
                    Clock.system(),
                    HistoryIndexerConfig.defaults().withCommitInterval(Duration.ofSeconds(commitSeconds)));
            indexer.start();
            indexerThread = thread("cairn-history-indexer");
            merges.start();
        }

        @Setup(Level.Iteration)
        public void iteration(org.openjdk.jmh.infra.IterationParams params) {
            measured = params.getType() == org.openjdk.jmh.runner.IterationType.MEASUREMENT;
        }

        /** Takes the CPU each part has used so far. */
        long[] snapshot() {
            long[] now = new long[Part.values().length];
            long indexerCpu = CpuMeter.THREADS.getThreadCpuTime(indexerThread.threadId());
            now[Part.INDEXER.ordinal()] = indexerCpu;
            now[Part.INDEXER_KERNEL.ordinal()] =
                    indexerCpu - CpuMeter.THREADS.getThreadUserTime(indexerThread.threadId());
            now[Part.MERGES.ordinal()] = merges.nanos();
            java.util.Map<String, Long> jvm = jvmThreadCpuNanos();
            now[Part.GC.ordinal()] = jvm.getOrDefault("GC", 0L);
            now[Part.JIT.ordinal()] = jvm.getOrDefault("JIT", 0L);
            now[Part.PRODUCER.ordinal()] = CpuMeter.THREADS.getCurrentThreadCpuTime() + journalCpuNanos();
            now[Part.PROCESS.ordinal()] = CpuMeter.OS.getProcessCpuTime();
            return now;
        }

        void add(long[] before, long[] after, long measuredEvents, long wall) {
            if (!measured) {
                return;
            }
            for (int i = 0; i < used.length; i++) {
                used[i] += after[i] - before[i];
            }
            events += measuredEvents;
            wallNanos += wall;
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            indexer.close();
            merges.close();
            long stored = store.size();
            store.close();
            journal.close();
            if (events > 0) {
                long indexing = used[Part.INDEXER.ordinal()] + used[Part.MERGES.ordinal()] + used[Part.GC.ordinal()];
                long rest = used[Part.PROCESS.ordinal()]
                        - used[Part.PRODUCER.ordinal()]
                        - indexing
                        - used[Part.JIT.ordinal()];
                System.out.printf(
                        "%n[history] indexerFollow: %,d events at %,d/s in %.1f s measured; CPU per event: indexer"
                                + " thread %.1f µs (%.1f µs of it in the kernel), merges %.1f µs, GC %.1f µs; indexing"
                                + " %.1f µs in all, %.1f %% of one core (JIT %.1f µs, the rest of the process %.1f µs"
                                + " not counted); %,d events stored, %,d bytes on disk%n",
                        events,
                        FOLLOW_RATE,
                        wallNanos / 1e9,
                        perEvent(Part.INDEXER),
                        perEvent(Part.INDEXER_KERNEL),
                        perEvent(Part.MERGES),
                        perEvent(Part.GC),
                        indexing / 1e3 / events,
                        100.0 * indexing / wallNanos,
                        perEvent(Part.JIT),
                        rest / 1e3 / events,
                        stored,
                        sizeOf(directory.resolve("history")));
            }
            delete(directory);
        }

        private double perEvent(Part part) {
            return used[part.ordinal()] / 1e3 / events;
        }

        /**
         * Event {@code n}: a synthetic record of the pool with its own eventID, and a time that advances
         * one second every {@value #FOLLOW_RATE} events, as a server's records do. Patching a copy keeps the
         * garbage this thread makes (which the collector's time, counted as indexing, depends on) to the
         * record itself, as on a server.
         */
        byte[] event(long n) {
            int template = (int) (n % TEMPLATES);
            byte[] json = templates.get(template).clone();
            int[] at = offsets.get(template);
            byte[] id = Synthetic.eventId(n).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(id, 0, json, at[0], id.length);
            byte[] time = Instant.ofEpochSecond(firstSecond + n / FOLLOW_RATE)
                    .toString()
                    .getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(time, 0, json, at[1], time.length);
            return json;
        }

        private static int valueAt(byte[] json, String member) {
            String text = new String(json, StandardCharsets.ISO_8859_1);
            int at = text.indexOf(member);
            if (at < 0) {
                throw new IllegalStateException("no " + member + " in a synthetic record");
            }
            return at + member.length();
        }
    }

    /**
     * Journals {@value #FOLLOW_SECONDS} seconds of events at {@value #FOLLOW_RATE} per second, in appends of
     * {@value #FOLLOW_CHUNK}, and waits until the indexer made them searchable. Its time is fixed by the
     * rate; what it measures is the CPU the indexing took, printed at the end: the indexer thread's, and the
     * rest of the process's but for this thread (which makes and journals the events) and the journal's.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 3)
    public long indexerFollow(LiveJournal live) throws InterruptedException {
        long[] before = live.snapshot();
        long start = System.nanoTime();
        long total = (long) FOLLOW_RATE * FOLLOW_SECONDS;
        for (long sent = 0; sent < total; sent += FOLLOW_CHUNK) {
            long due = start + sent * 1_000_000_000L / FOLLOW_RATE;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            List<byte[]> chunk = new ArrayList<>(FOLLOW_CHUNK);
            for (int i = 0; i < FOLLOW_CHUNK; i++) {
                chunk.add(live.event(live.next++));
            }
            live.journal.append("follow", chunk);
        }
        if (!live.indexer.awaitIndexed(live.journal.end(), Duration.ofMinutes(5))) {
            throw new IllegalStateException("the indexer did not catch up within 5 minutes");
        }
        long wall = System.nanoTime() - start;
        live.add(before, live.snapshot(), total, wall);
        return total;
    }

    /** The parts of the process whose CPU time {@link #indexerFollow} tells apart. */
    enum Part {
        INDEXER,
        INDEXER_KERNEL,
        MERGES,
        GC,
        JIT,
        /** This thread, which makes and journals the events, and the journal's own threads. */
        PRODUCER,
        PROCESS
    }

    /**
     * The CPU time of Lucene's merge threads, which come and go with each merge: sampled every 20 ms, so
     * that a thread's last 20 ms at most are missed.
     */
    static final class MergeCpu implements AutoCloseable {
        private final java.util.Map<Long, Long> seen = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile boolean stopped;
        private Thread sampler;

        void start() {
            sampler = Thread.ofPlatform().daemon(true).name("merge-cpu-sampler").start(() -> {
                while (!stopped) {
                    sample();
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
                }
            });
        }

        private void sample() {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().startsWith("Lucene Merge Thread")) {
                    long cpu = CpuMeter.THREADS.getThreadCpuTime(thread.threadId());
                    if (cpu > 0) {
                        seen.merge(thread.threadId(), cpu, Math::max);
                    }
                }
            }
        }

        long nanos() {
            sample();
            return seen.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public void close() {
            stopped = true;
        }
    }

    /**
     * The CPU time of the JVM's own threads (garbage collector, JIT compilers, VM thread) by kind, from
     * Linux's {@code /proc/self/task}; empty where there is none.
     */
    static java.util.Map<String, Long> jvmThreadCpuNanos() {
        java.util.Map<String, Long> byKind = new java.util.TreeMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return byKind;
        }
        long tick = 10_000_000L; // USER_HZ is 100 on Linux
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    String kind = comm.startsWith("GC Thread") || comm.startsWith("ParGC")
                            ? "GC"
                            : comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")
                                    ? "JIT"
                                    : comm.startsWith("VM Thread") ? "VM" : null;
                    if (kind == null) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    byKind.merge(kind, ticks * tick, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return byKind;
        }
        return byKind;
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no thread " + name));
    }

    /** The CPU time of the journal's own threads (its writer and fsync threads), which are not indexing. */
    private static long journalCpuNanos() {
        long nanos = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("cairn-journal")) {
                nanos += Math.max(0, CpuMeter.THREADS.getThreadCpuTime(thread.threadId()));
            }
        }
        return nanos;
    }

    /**
     * Adds up the CPU time of measured calls: on the calling thread (or a named one), and in the whole
     * process, which includes Lucene's merge threads, the garbage collector and the JIT compiler. On a
     * machine shared with other jobs, events per CPU-second are steadier than events per second.
     */
    static final class CpuMeter {
        private static final java.lang.management.ThreadMXBean THREADS =
                java.lang.management.ManagementFactory.getThreadMXBean();
        private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();

        private long threadStart;
        private long processStart;
        private long wallStart;
        private long events;
        private long threadNanos;
        private long processNanos;
        private long wallNanos;

        void start() {
            threadStart = THREADS.getCurrentThreadCpuTime();
            processStart = OS.getProcessCpuTime();
            wallStart = System.nanoTime();
        }

        void stop(long measuredEvents) {
            threadNanos += THREADS.getCurrentThreadCpuTime() - threadStart;
            add(measuredEvents);
        }

        /** Stops, counting the CPU time {@code thread} used since it started as the indexing thread's. */
        void stop(Thread thread, long measuredEvents) {
            threadNanos += THREADS.getThreadCpuTime(thread.threadId());
            add(measuredEvents);
        }

        private void add(long measuredEvents) {
            processNanos += OS.getProcessCpuTime() - processStart;
            wallNanos += System.nanoTime() - wallStart;
            events += measuredEvents;
        }

        void print(String what) {
            if (events == 0) {
                return;
            }
            System.out.printf(
                    "%n[history] %s: %,d events in %.1f s wall: %,.0f events/s wall, %s%,.0f events per process"
                            + " CPU-second (%.2f cores busy)%n",
                    what,
                    events,
                    wallNanos / 1e9,
                    events / (wallNanos / 1e9),
                    threadNanos == 0
                            ? ""
                            : "%,.0f events per indexing-thread CPU-second, ".formatted(events / (threadNanos / 1e9)),
                    events / (processNanos / 1e9),
                    (double) processNanos / wallNanos);
        }
    }

    static Path benchDirectory() {
        return Path.of(System.getProperty("cairn.bench.dir", System.getProperty("java.io.tmpdir")));
    }

    static long sizeOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(file -> {
                        try {
                            return Files.size(file);
                        } catch (IOException e) {
                            return 0; // deleted by a merge meanwhile
                        }
                    })
                    .sum();
        }
    }

    static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Synthetic management events shaped like the corpus, as a pure function of their number: event
     * {@code n} is the same whenever it is made, so that a lookup benchmark can ask for the values of
     * events it indexed without keeping them. Times run evenly over the 90 days that end at {@code end},
     * with up to a minute of jitter; accounts, regions, callers, actions and resources are skewed, a few
     * values being far more frequent than the rest, as in real trails.
     */
    static final class Synthetic {
        static final int ACCOUNTS = 10;
        static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"};
        static final int USERS = 1_000;
        static final int ROLES = 100;
        static final int SESSIONS = 10_000;
        static final String[] AGENTS = {
            "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.amzn.2023 prompt/off command/s3.ls",
            "aws-sdk-java/2.25.13 Linux/6.1 OpenJDK_64-Bit_Server_VM/21.0.2+13-LTS Java/21.0.2 vendor/Amazon.com_Inc.",
            "Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.6",
            "console.amazonaws.com",
            "terraform-provider-aws/5.40.0 (+https://registry.terraform.io) aws-sdk-go-v2/1.25.2"
        };

        /** An API: its service, action, whether it only reads, and what kind of resource it names. */
        record Api(String source, String name, boolean readOnly, String resourceKind) {}

        static final List<Api> APIS = apis();

        private final long total;
        private final long startSeconds;
        private final long spanSeconds;

        /** Events numbered 0 to {@code total}, spread over the 90 days that end at {@code end}. */
        Synthetic(long total, Instant end) {
            this.total = total;
            this.spanSeconds = Duration.ofDays(90).toSeconds() - 3600;
            this.startSeconds = end.getEpochSecond() - spanSeconds;
        }

        /** The newest time an event can have. */
        Instant end() {
            return Instant.ofEpochSecond(startSeconds + spanSeconds + 60);
        }

        static String account(int i) {
            return "1000000000" + String.format("%02d", i);
        }

        /** A skewed pick from 0 to {@code size - 1}: low numbers are far more likely. */
        static int skewed(SplittableRandom random, int size) {
            double u = random.nextDouble();
            return (int) (u * u * u * size);
        }

        static String eventId(long n) {
            return new UUID(0x5eed_cafe_0000_0000L | (n >>> 32), 0x8000_0000_0000_0000L | n).toString();
        }

        AuditEvent event(long n) {
            SplittableRandom random = new SplittableRandom(0x9E3779B97F4A7C15L * (n + 1));
            String account = account(random.nextInt(2) == 0 ? 0 : skewed(random, ACCOUNTS));
            String region = REGIONS[skewed(random, REGIONS.length)];
            Api api = APIS.get(skewed(random, APIS.size()));
            long seconds = startSeconds + (long) ((double) n / total * spanSeconds) + random.nextInt(60);
            Instant time = Instant.ofEpochSecond(seconds);

            UserIdentity identity;
            int who = random.nextInt(100);
            if (who < 50) {
                int role = skewed(random, ROLES);
                String session = "session-" + String.format("%05d", skewed(random, SESSIONS));
                identity = UserIdentity.builder()
                        .type("AssumedRole")
                        .principalId("AROA" + String.format("%016d", role) + ":" + session)
                        .arn("arn:aws:sts::" + account + ":assumed-role/role-" + role + "/" + session)
                        .accountId(account)
                        .accessKeyId("ASIA" + String.format("%016d", random.nextInt(1_000_000)))
                        .sessionContext(SessionContext.builder()
                                .sessionIssuer(SessionIssuer.builder()
                                        .type("Role")
                                        .principalId("AROA" + String.format("%016d", role))
                                        .arn("arn:aws:iam::" + account + ":role/role-" + role)
                                        .accountId(account)
                                        .userName("role-" + role)
                                        .build())
                                .webIdFederationData(RawJson.EMPTY_OBJECT)
                                .attributes(SessionAttributes.of(time.minusSeconds(600), false))
                                .build())
                        .build();
            } else if (who < 90) {
                int user = skewed(random, USERS);
                identity = UserIdentity.builder()
                        .type("IAMUser")
                        .principalId("AIDA" + String.format("%016d", user))
                        .arn("arn:aws:iam::" + account + ":user/user-" + user)
                        .accountId(account)
                        .accessKeyId("AKIA" + String.format("%016d", user))
                        .userName("user-" + user)
                        .build();
            } else if (who < 95) {
                identity = UserIdentity.builder()
                        .type("Root")
                        .principalId(account)
                        .arn("arn:aws:iam::" + account + ":root")
                        .accountId(account)
                        .accessKeyId("")
                        .build();
            } else {
                identity = UserIdentity.builder()
                        .type("AWSService")
                        .invokedBy(api.source())
                        .build();
            }

            AuditEvent.Builder builder = AuditEvent.builder()
                    .eventVersion("1.09")
                    .userIdentity(identity)
                    .eventTime(time)
                    .eventSource(api.source())
                    .eventName(api.name())
                    .awsRegion(region)
                    .sourceIPAddress("198.51." + random.nextInt(256) + "." + random.nextInt(256))
                    .userAgent(AGENTS[skewed(random, AGENTS.length)])
                    .requestParameters(RawJson.of(parameters(api, account, region, random)))
                    .responseElements(
                            api.readOnly()
                                    ? RawJson.NULL
                                    : RawJson.of("{\"requestId\":\"" + new UUID(random.nextLong(), n)
                                            + "\",\"status\":\"ok\",\"created\":\"" + time + "\"}"))
                    .requestID(new UUID(random.nextLong(), random.nextLong()).toString())
                    .eventID(eventId(n))
                    .readOnly(api.readOnly())
                    .eventType("AwsApiCall")
                    .managementEvent(true)
                    .recipientAccountId(account)
                    .eventCategory("Management")
                    .tlsDetails(RawJson.of("{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\","
                            + "\"clientProvidedHostHeader\":\"" + api.source().replace(".amazonaws.com", "") + "."
                            + region + ".amazonaws.com\"}"));
            if (random.nextInt(3) == 0) {
                builder.resources(resources(api, account, region, random));
            }
            return builder.build();
        }

        private static String parameters(Api api, String account, String region, SplittableRandom random) {
            int id = skewed(random, 5_000);
            return switch (api.resourceKind()) {
                case "user" -> "{\"userName\":\"user-" + skewed(random, USERS) + "\",\"maxItems\":100}";
                case "role" ->
                    "{\"roleArn\":\"arn:aws:iam::" + account + ":role/role-" + skewed(random, ROLES)
                            + "\",\"roleSessionName\":\"session-" + skewed(random, SESSIONS)
                            + "\",\"durationSeconds\":3600}";
                case "trail" ->
                    "{\"name\":\"arn:aws:cloudtrail:" + region + ":" + account + ":trail/trail-" + skewed(random, 10)
                            + "\"}";
                case "bucket" ->
                    "{\"bucketName\":\"bucket-" + id + "\",\"Host\":\"bucket-" + id
                            + ".s3.amazonaws.com\",\"acl\":\"\"}";
                case "instance" ->
                    "{\"instancesSet\":{\"items\":[{\"instanceId\":\"i-" + Long.toHexString(id * 7919L)
                            + "\"}]},\"filterSet\":{},\"maxResults\":1000}";
                case "key" ->
                    "{\"keyId\":\"arn:aws:kms:" + region + ":" + account + ":key/" + new UUID(id, id)
                            + "\",\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}";
                default ->
                    "{\"maxResults\":50,\"nextToken\":null,\"filters\":[{\"name\":\"tag:team\",\"values\":[\"t"
                            + id % 20 + "\"]}]}";
            };
        }

        private static List<Resource> resources(Api api, String account, String region, SplittableRandom random) {
            int id = skewed(random, 5_000);
            return switch (api.resourceKind()) {
                case "bucket" -> List.of(Resource.of("arn:aws:s3:::bucket-" + id, account, "AWS::S3::Bucket"));
                case "instance" ->
                    List.of(Resource.of(
                            "arn:aws:ec2:" + region + ":" + account + ":instance/i-" + Long.toHexString(id * 7919L),
                            account,
                            "AWS::EC2::Instance"));
                case "key" ->
                    List.of(Resource.of(
                            "arn:aws:kms:" + region + ":" + account + ":key/" + new UUID(id, id),
                            account,
                            "AWS::KMS::Key"));
                case "role" ->
                    List.of(Resource.of(
                            "arn:aws:iam::" + account + ":role/role-" + skewed(random, ROLES),
                            account,
                            "AWS::IAM::Role"));
                default ->
                    List.of(
                            Resource.of(
                                    "arn:aws:logs:" + region + ":" + account + ":log-group:/app/group-" + id % 100,
                                    account,
                                    "AWS::Logs::LogGroup"),
                            Resource.of(
                                    "arn:aws:sns:" + region + ":" + account + ":topic-" + id % 50,
                                    account,
                                    "AWS::SNS::Topic"));
            };
        }

        /** 20 services with 10 actions each; reads are more frequent, as in real trails. */
        private static List<Api> apis() {
            String[][] services = {
                {"sts.amazonaws.com", "role"},
                {"s3.amazonaws.com", "bucket"},
                {"ec2.amazonaws.com", "instance"},
                {"kms.amazonaws.com", "key"},
                {"iam.amazonaws.com", "user"},
                {"logs.amazonaws.com", "other"},
                {"lambda.amazonaws.com", "other"},
                {"dynamodb.amazonaws.com", "other"},
                {"cloudtrail.amazonaws.com", "trail"},
                {"ssm.amazonaws.com", "other"},
                {"secretsmanager.amazonaws.com", "other"},
                {"sns.amazonaws.com", "other"},
                {"sqs.amazonaws.com", "other"},
                {"monitoring.amazonaws.com", "other"},
                {"autoscaling.amazonaws.com", "instance"},
                {"elasticloadbalancing.amazonaws.com", "other"},
                {"rds.amazonaws.com", "other"},
                {"ecs.amazonaws.com", "other"},
                {"cloudformation.amazonaws.com", "other"},
                {"signin.amazonaws.com", "other"}
            };
            String[] reads = {"Describe", "Get", "List", "Lookup", "Head"};
            String[] writes = {"Create", "Update", "Delete", "Put", "Attach"};
            String[] nouns = {"Resource", "Policy", "Configuration", "Tags", "Status"};
            List<Api> apis = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (String[] service : services) {
                    boolean read = round % 3 != 2;
                    String verb = read ? reads[round % reads.length] : writes[round % writes.length];
                    String noun = nouns[(round + service[0].length()) % nouns.length];
                    String prefix = Character.toUpperCase(service[0].charAt(0))
                            + service[0].substring(1, service[0].indexOf('.'));
                    apis.add(new Api(service[0], verb + prefix + noun + round, read, service[1]));
                }
            }
            return List.copyOf(apis);
        }
    }
}
