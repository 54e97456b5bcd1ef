package dev.cairn.bench;

import dev.cairn.bucket.ListRequest;
import dev.cairn.bucket.ObjectStore;
import dev.cairn.bucket.folder.FolderObjectStore;
import dev.cairn.event.AuditEvent;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.event.RawJson;
import dev.cairn.event.UserIdentity;
import dev.cairn.journal.JournalPosition;
import dev.cairn.journal.segment.SegmentJournal;
import dev.cairn.journal.segment.SegmentJournalConfig;
import dev.cairn.time.Clock;
import dev.cairn.trail.Trail;
import dev.cairn.trail.TrailCatalog;
import dev.cairn.trail.delivery.DeliveryListener;
import dev.cairn.trail.delivery.TrailDelivery;
import dev.cairn.trail.delivery.TrailDeliveryConfig;
import dev.cairn.trail.keys.FileSigningKeyStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The throughput of one trail's delivery: a journal already holding {@value #EVENTS} recorded calls (IAM
 * CreateUser events of about 1.3 KB, as Cairn records them) is read by a fresh trail that selects them all,
 * and each invocation lasts until every event is in a gzip'd log file, fsync'd in a bucket folder, with
 * its journal position saved. The score is delivered events per second; the target is 100k.
 *
 * <p>Run with {@code cairn-bench/scripts/run_jmh.sh TrailDeliveryBenchmark}. Files go under {@code
 * -Dcairn.bench.dir} (default: the temporary directory).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TrailDeliveryBenchmark {
    static final int EVENTS = 500_000;
    static final String ACCOUNT = "123456789012";

    private Path directory;
    private SegmentJournal journal;
    private long deliveredBytes;
    private final LongAdder files = new LongAdder();
    private int run;

    @Setup(Level.Trial)
    public void fillJournal() throws IOException {
        Path parent = Path.of(System.getProperty("cairn.bench.dir", System.getProperty("java.io.tmpdir")));
        directory = Files.createTempDirectory(parent, "cairn-trail-bench-");
        journal = SegmentJournal.open(directory.resolve("journal"), SegmentJournalConfig.defaults(), Clock.system());
        // The trail's StartLogging comes first: delivery follows the journal's StartLogging/StopLogging.
        journal.append(
                ACCOUNT,
                CloudTrailJson.serialize(createUser(-1).toBuilder()
                        .eventSource("cloudtrail.amazonaws.com")
                        .eventName("StartLogging")
                        .requestParameters(RawJson.of("{\"name\":\"bench\"}"))
                        .responseElements(null)
                        .build()));
        List<byte[]> batch = new ArrayList<>(1000);
        long bytes = 0;
        for (int i = 0; i < EVENTS; i++) {
            byte[] event = CloudTrailJson.serialize(createUser(i));
            bytes += event.length;
            batch.add(event);
            if (batch.size() == 1000) {
                journal.append(ACCOUNT, batch);
                batch.clear();
            }
        }
        System.out.printf("%n%d events in the journal, %.0f bytes each on average%n", EVENTS, (double) bytes / EVENTS);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void deliverEverything() throws Exception {
        Path runDirectory = directory.resolve("run-" + run++);
        ObjectStore store = FolderObjectStore.open(runDirectory.resolve("buckets"), Clock.system());
        store.createBucket("bench-trail", ACCOUNT, "us-east-1");
        Trail trail = new Trail(
                "bench",
                ACCOUNT,
                "us-east-1",
                "bench-trail",
                null,
                null,
                true,
                false,
                true,
                null,
                null,
                null,
                false,
                null,
                List.of(),
                Map.of(),
                true,
                Instant.EPOCH,
                null,
                Instant.EPOCH);
        TrailCatalog catalog = new TrailCatalog() {
            @Override
            public List<Trail> all() {
                return List.of(trail);
            }

            @Override
            public Optional<Trail> byArn(String arn) {
                return trail.arn().equals(arn) ? Optional.of(trail) : Optional.empty();
            }
        };
        // A fresh trail starts where the watcher's committed position says: the beginning.
        journal.commit(TrailDelivery.WATCH_CONSUMER, JournalPosition.beginning());
        journal.forget(TrailDelivery.consumerName(trail.arn()));
        DeliveryListener counter = new DeliveryListener() {
            @Override
            public void logFileDelivered(String trailArn, int events, long compressedBytes) {
                files.increment();
                deliveredBytes += compressedBytes;
            }
        };
        TrailDelivery delivery = new TrailDelivery(
                journal,
                catalog,
                store,
                FileSigningKeyStore.open(runDirectory.resolve("keys")),
                Clock.system(),
                TrailDeliveryConfig.defaults().withFlushInterval(Duration.ofSeconds(1)),
                runDirectory.resolve("trails"),
                counter);
        delivery.start();
        JournalPosition end = journal.end();
        String consumer = TrailDelivery.consumerName(trail.arn());
        while (!journal.committed(consumer).map(p -> p.isAtOrAfter(end)).orElse(false)) {
            Thread.sleep(5);
        }
        delivery.close();
        if (store.list("bench-trail", ListRequest.all()).objects().isEmpty()) {
            throw new IllegalStateException("nothing was delivered");
        }
        store.close();
    }

    @TearDown(Level.Trial)
    public void remove() throws IOException {
        System.out.printf("%n%d log files, %d compressed bytes%n", files.sum(), deliveredBytes);
        journal.close();
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public static AuditEvent createUser(int i) {
        String user = "bench-user-" + i;
        return AuditEvent.builder()
                .userIdentity(UserIdentity.builder()
                        .type("IAMUser")
                        .principalId("AIDAEXAMPLEEXAMPLE01")
                        .arn("arn:aws:iam::" + ACCOUNT + ":user/admin")
                        .accountId(ACCOUNT)
                        .accessKeyId("AKIAEXAMPLEEXAMPLE01")
                        .userName("admin")
                        .build())
                .eventTime(Instant.parse("2026-11-23T10:00:00Z").plusMillis(i))
                .eventSource("iam.amazonaws.com")
                .eventName("CreateUser")
                .awsRegion("us-east-1")
                .sourceIPAddress("127.0.0.1")
                .userAgent("aws-sdk-java/2.40.2 Linux/6.1 OpenJDK_64-Bit_Server_VM/21 Java/21 vendor/Eclipse_Adoptium"
                        + " io/sync http/UrlConnection cfg/retry-mode#legacy")
                .requestParameters(RawJson.of("{\"userName\":\"" + user + "\",\"path\":\"/\"}"))
                .responseElements(RawJson.of("{\"user\":{\"path\":\"/\",\"userName\":\"" + user
                        + "\",\"userId\":\"AIDA" + Integer.toString(i, 36).toUpperCase()
                        + "EXAMPLE\",\"arn\":\"arn:aws:iam::"
                        + ACCOUNT + ":user/" + user + "\",\"createDate\":\"Nov 23, 2026 10:00:00 AM\"}}"))
                .requestID(UUID.randomUUID().toString())
                .eventID(UUID.randomUUID().toString())
                .readOnly(false)
                .eventType("AwsApiCall")
                .managementEvent(true)
                .recipientAccountId(ACCOUNT)
                .eventCategory("Management")
                .build();
    }
}
