package dev.cairn.bench;

import dev.cairn.bench.HistoryIndexBenchmark.Synthetic;
import dev.cairn.event.AuditEvent;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.history.HistoryFields;
import dev.cairn.history.LookupAttribute;
import dev.cairn.history.LookupAttributeKey;
import dev.cairn.history.LookupQuery;
import dev.cairn.history.LookupResult;
import dev.cairn.history.StoredEvent;
import dev.cairn.history.lucene.LuceneEventStore;
import dev.cairn.journal.JournalPosition;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The latency of LookupEvents queries against a large event history: the newest 50 events of one account
 * and region over the whole 90 days, by each lookup attribute (or none), with the events' JSON, as
 * LookupEvents asks for them by default. The targets are at least 2,000 lookups per second and a p99 of at
 * most 10 ms over 10 million stored events, in a server heap of at most 512 MB (this benchmark's forks run
 * with {@code -Xmx512m}).
 *
 * <p>The index of {@code events} synthetic events ({@link Synthetic}, spread over 90 days, not force-merged)
 * is built once under {@code -Dcairn.bench.dir} (default: the temporary directory) as
 * {@code cairn-history-lookup-<events>} and kept for the next runs; delete it to rebuild. Each query asks
 * for a value of an event that was indexed, drawn with the same skew as the events, so popular values are
 * asked for more often. At the start of each trial it prints the index's size and the heap used with the
 * index open, after a full GC.
 *
 * <p>Run: {@code cairn-bench/scripts/run_jmh.sh HistoryLookupBenchmark -p events=1000000}; JMH's
 * {@code p0.99} line is the p99, and 1 / mean the lookups per second of one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Threads(1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx512m", "-XX:+UseParallelGC", "--enable-native-access=ALL-UNNAMED"})
public class HistoryLookupBenchmark {

    static final int QUERIES = 4096;

    @Param({"1000000"})
    public long events;

    /** The lookup attribute, or {@code none} for every event of the account and region. */
    @Param({
        "none",
        "EventId",
        "EventName",
        "ReadOnly",
        "Username",
        "ResourceType",
        "ResourceName",
        "EventSource",
        "AccessKeyId"
    })
    public String attribute;

    private LuceneEventStore store;
    private final List<LookupQuery> queries = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Synthetic synthetic = new Synthetic(events, Instant.parse("2026-11-20T00:00:00Z"));
        Path directory = HistoryIndexBenchmark.benchDirectory().resolve("cairn-history-lookup-" + events);
        Path complete = directory.resolve("complete");
        if (!Files.exists(complete)) {
            build(directory, synthetic);
            Files.writeString(complete, "built with " + events + " events\n");
        }
        store = LuceneEventStore.open(directory.resolve("history"));
        if (store.size() != events) {
            // an index of an older format opens empty, to be rebuilt from a journal this benchmark has not
            throw new IllegalStateException("the index in " + directory + " holds " + store.size() + " events, not "
                    + events + " (built by an older Cairn?): delete the directory to rebuild it");
        }

        SplittableRandom random = new SplittableRandom(attribute.hashCode());
        while (queries.size() < QUERIES) {
            LookupQuery query = query(synthetic, random);
            if (query != null) {
                queries.add(query);
            }
        }
        int found = 0;
        for (LookupQuery query : queries) {
            found += store.lookup(query).events().size();
        }
        System.gc();
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        System.out.printf(
                "%n[history] %,d events, %,d bytes on disk; heap used with the index open %.1f MB (max %.0f MB);"
                        + " %,d queries by %s found %.1f events each on average%n",
                store.size(),
                HistoryIndexBenchmark.sizeOf(directory),
                heap.getUsed() / 1e6,
                heap.getMax() / 1e6,
                queries.size(),
                attribute,
                (double) found / queries.size());
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    @Benchmark
    public LookupResult lookup() {
        LookupQuery query = queries.get(next++ & (QUERIES - 1));
        return store.lookup(query);
    }

    /** Builds the index as the indexer would: batches of 5,000, a commit every 50,000 events. */
    private void build(Path directory, Synthetic synthetic) throws IOException {
        if (Files.exists(directory)) {
            HistoryIndexBenchmark.delete(directory);
        }
        Files.createDirectories(directory);
        long started = System.nanoTime();
        try (LuceneEventStore building = LuceneEventStore.open(directory.resolve("history"))) {
            List<StoredEvent> batch = new ArrayList<>(HistoryIndexBenchmark.BATCH);
            for (long n = 0; n < events; n++) {
                AuditEvent event = synthetic.event(n);
                batch.add(new StoredEvent(event, CloudTrailJson.serialize(event)));
                if (batch.size() == HistoryIndexBenchmark.BATCH) {
                    building.append(batch);
                    batch.clear();
                    if ((n + 1) % 50_000 == 0) {
                        building.commit(JournalPosition.beginning().with(0, n + 1));
                    }
                    if ((n + 1) % 1_000_000 == 0) {
                        System.out.printf(
                                "[history] built %,d events in %.0f s%n", n + 1, (System.nanoTime() - started) / 1e9);
                    }
                }
            }
            building.append(batch);
            building.commit(JournalPosition.beginning().with(0, events));
        }
        System.out.printf(
                "%n[history] built an index of %,d events in %.1f s (event generation included)%n",
                events, (System.nanoTime() - started) / 1e9);
    }

    /** A query for a value that an indexed event has, or null when that event has none for the key. */
    private LookupQuery query(Synthetic synthetic, SplittableRandom random) {
        AuditEvent event = synthetic.event(random.nextLong(events));
        String account = HistoryFields.accountId(event);
        Instant end = synthetic.end();
        LookupAttribute lookup = null;
        if (!attribute.equals("none")) {
            LookupAttributeKey key = LookupAttributeKey.valueOf(attribute);
            List<String> values = HistoryFields.values(event, key);
            if (values.isEmpty()) {
                return null;
            }
            lookup = new LookupAttribute(key, values.get(random.nextInt(values.size())));
        }
        return new LookupQuery(
                account, event.awsRegion(), lookup, end.minus(Duration.ofDays(90)), end, false, 50, null);
    }
}
