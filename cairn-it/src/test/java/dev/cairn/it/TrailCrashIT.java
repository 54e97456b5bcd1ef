package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Trail delivery survives a crash: while {@value #CLIENTS} clients run signed IAM CreateUser calls through
 * the SDK, a validating trail (flush 1 s, digests every {@value #DIGEST_SECONDS} s) delivers them; the
 * server is killed with SIGKILL once {@value #ACKNOWLEDGED_BEFORE_KILL} calls got a 2xx and started again.
 * Then every acknowledged call's event is in the bucket's log files; an event is in two files only if it was
 * in the one log file being written at the kill (the batch in flight); and the stock {@code aws cloudtrail
 * validate-logs} finds every digest and every log file valid, across the restart.
 */
class TrailCrashIT {
    private static final int CLIENTS = 12;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 2_000;
    private static final Duration LOAD_DEADLINE = Duration.ofSeconds(45);
    private static final Duration CALLING_INTO_THE_CRASH = Duration.ofMillis(300);
    private static final int DIGEST_SECONDS = 4;
    private static final String BUCKET = "crash-trail";
    private static final String PREFIX = "crash";
    private static final String TRAIL = "crash-trail";

    private CairnProcess server;
    private Load load;

    @AfterEach
    void stopClientsAndServer() {
        if (load != null) {
            load.stopping = true;
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void deliveryResumesAfterAKillWithNothingLostAndOnlyTheBatchInFlightTwice() throws Exception {
        server = CairnProcess.start(
                "TrailCrashIT", "--trail-flush-interval", "1s", "--digest-interval", DIGEST_SECONDS + "s");
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        String trailArn;
        try (S3Client s3 = TrailLogs.s3(server);
                CloudTrailClient cloudTrail = HistoryClients.cloudTrail(server)) {
            s3.createBucket(b -> b.bucket(BUCKET));
            trailArn = cloudTrail
                    .createTrail(t -> t.name(TRAIL)
                            .s3BucketName(BUCKET)
                            .s3KeyPrefix(PREFIX)
                            .enableLogFileValidation(true))
                    .trailARN();
            // Write management events only, so that reading the bucket (and validate-logs' reads) adds no files.
            cloudTrail.putEventSelectors(p -> p.trailName(TRAIL)
                    .eventSelectors(
                            s -> s.readWriteType(ReadWriteType.WRITE_ONLY).includeManagementEvents(true)));
            cloudTrail.startLogging(l -> l.name(TRAIL));
        }

        int filesBeforeKill;
        Instant killed;
        try (IamClient iam = Clients.iam(server);
                S3Client s3 = TrailLogs.s3(server)) {
            load = new Load(iam);
            load.start();
            boolean reached = load.enough.await(LOAD_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            filesBeforeKill = new TrailLogs(s3, BUCKET, PREFIX).files().size();
            load.killing = true;
            server.kill();
            killed = Instant.now();
            Thread.sleep(CALLING_INTO_THE_CRASH.toMillis());
            load.stop();
            assertThat(reached)
                    .as(
                            "%d of %d CreateUser calls acknowledged within %s; %s",
                            load.acknowledged.size(), ACKNOWLEDGED_BEFORE_KILL, LOAD_DEADLINE, server)
                    .isTrue();
        }
        assertThat(load.unexpected).as("failures before the kill").isEmpty();
        assertThat(filesBeforeKill)
                .as("log files delivered before the kill (the kill must hit a running delivery)")
                .isPositive();
        Set<String> acknowledged = Set.copyOf(load.acknowledged);
        System.out.printf(
                "TrailCrashIT: %d CreateUser calls acknowledged, %d failed after SIGKILL, %d log files before it%n",
                acknowledged.size(), load.failedAfterKill.sum(), filesBeforeKill);

        // Log files' LastModified may have whole seconds: let a second pass, so that what was written before the
        // kill and what is written after the restart cannot share one.
        Thread.sleep(Math.max(
                0, Duration.between(Instant.now(), killed.plusMillis(1100)).toMillis()));
        Instant restarted = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        server.restart();

        try (S3Client s3 = TrailLogs.s3(server)) {
            TrailLogs logs = new TrailLogs(s3, BUCKET, PREFIX);
            logs.awaitRequestIds(acknowledged, Duration.ofSeconds(30));

            // Duplicates: only the events of the log file whose write the kill cut short (written, position not
            // yet saved) are delivered again.
            Map<String, List<String>> duplicates = logs.duplicateEventIds();
            System.out.printf(
                    "TrailCrashIT: %d events in %d log files, %d of them in two files%n",
                    logs.records().size(), logs.files().size(), duplicates.size());
            assertThat(duplicates.values())
                    .as("files holding a duplicated eventID")
                    .allSatisfy(keys -> assertThat(keys).hasSize(2));
            // Each duplicate has one copy written before the kill and one after the restart, and the copies
            // written before the kill are all in one file: the batch in flight.
            Map<String, TrailLogs.LogFile> byKey = new TreeMap<>();
            logs.files().forEach(f -> byKey.put(f.key(), f));
            Set<String> preKillFilesWithDuplicates = new TreeSet<>();
            for (Map.Entry<String, List<String>> duplicate : duplicates.entrySet()) {
                List<String> before = duplicate.getValue().stream()
                        .filter(key -> !byKey.get(key).lastModified().isAfter(killed))
                        .toList();
                List<String> after = duplicate.getValue().stream()
                        .filter(key -> !byKey.get(key).lastModified().isBefore(restarted))
                        .toList();
                assertThat(before)
                        .as("files of event %s written before the kill at %s", duplicate.getKey(), killed)
                        .hasSize(1);
                assertThat(after)
                        .as("files of event %s written after the restart at %s", duplicate.getKey(), restarted)
                        .hasSize(1);
                preKillFilesWithDuplicates.addAll(before);
            }
            System.out.printf(
                    "TrailCrashIT: duplicated events come from %s (%s events)%n",
                    preKillFilesWithDuplicates,
                    preKillFilesWithDuplicates.stream()
                            .map(k -> byKey.get(k).records().size())
                            .toList());
            assertThat(preKillFilesWithDuplicates)
                    .as("log files written before the kill whose events were delivered again")
                    .hasSizeLessThanOrEqualTo(1);

            // Every log file delivered so far is listed in a digest once its window ends; then validate-logs.
            assumeTrue(AwsCommand.available(), "the aws CLI is not on the PATH");
            Set<String> logFiles = new TreeSet<>();
            logs.files().forEach(f -> logFiles.add(f.key()));
            awaitListedInDigests(logs, logFiles, Duration.ofSeconds(4L * DIGEST_SECONDS + 10));
            AwsCommand.Result result = AwsCommand.run(
                    server,
                    Map.of("AWS_ENDPOINT_URL_S3", server.endpoint().toString()),
                    "cloudtrail",
                    "validate-logs",
                    "--trail-arn",
                    trailArn,
                    "--start-time",
                    start.toString(),
                    "--end-time",
                    Instant.now()
                            .plusSeconds(60)
                            .truncatedTo(ChronoUnit.SECONDS)
                            .toString(),
                    "--verbose");
            result.stdout()
                    .lines()
                    .filter(line -> line.contains("files valid"))
                    .forEach(line -> System.out.printf("TrailCrashIT: validate-logs: %s%n", line.strip()));
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stderr()).as(result.toString()).doesNotContain("INVALID");
            assertThat(result.stdout()).as(result.toString()).containsPattern("(\\d+)/\\1 digest files valid");
            assertThat(result.stdout()).as(result.toString()).containsPattern("(\\d+)/\\1 log files valid");
            for (String key : logFiles) {
                assertThat(result.stdout())
                        .as("validate-logs' verdict on %s", key)
                        .contains("Log file\ts3://" + BUCKET + "/" + key + "\tvalid");
            }
            for (String key : logs.digestKeys()) {
                assertThat(result.stdout())
                        .as("validate-logs' verdict on %s", key)
                        .contains("Digest file\ts3://" + BUCKET + "/" + key + "\tvalid");
            }
        }
    }

    private static void awaitListedInDigests(TrailLogs logs, Set<String> logFiles, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> unlisted = new TreeSet<>(logFiles);
            unlisted.removeAll(logs.logFilesListedInDigests());
            if (unlisted.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(unlisted.size() + " of " + logFiles.size()
                        + " log files are listed in no digest " + timeout + " after they were delivered: " + unlisted
                        + "; digests: " + logs.digestKeys());
            }
            Thread.sleep(500);
        }
    }

    /** {@link #CLIENTS} threads sending CreateUser calls through one SDK client, each with names of its own. */
    private static final class Load {
        private final IamClient iam;
        private final List<Thread> threads = new ArrayList<>();
        /** The request id of every call answered with a 2xx. */
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        /** Failures before the kill: the server is healthy then, so each is a test failure. */
        final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();

        final CountDownLatch enough = new CountDownLatch(1);
        final AtomicInteger sent = new AtomicInteger();
        final LongAdder failedAfterKill = new LongAdder();
        volatile boolean killing;
        volatile boolean stopping;

        Load(IamClient iam) {
            this.iam = iam;
        }

        void start() {
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                threads.add(Thread.ofPlatform()
                        .name("trail-crash-it-client-" + client)
                        .daemon()
                        .start(() -> run(client)));
            }
        }

        void stop() throws InterruptedException {
            stopping = true;
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(40));
                if (thread.isAlive()) {
                    throw new AssertionError(thread + " did not stop within 40 s of the kill");
                }
            }
        }

        private void run(int client) {
            for (int n = 0; !stopping; n++) {
                String name = "crash-" + client + "-" + n;
                boolean afterKill = killing;
                sent.incrementAndGet();
                try {
                    String id = iam.createUser(u -> u.userName(name))
                            .responseMetadata()
                            .requestId();
                    if (id == null || id.isEmpty()) {
                        unexpected.add(name + ": a 2xx without a request id");
                        continue;
                    }
                    acknowledged.add(id);
                    if (acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL) {
                        enough.countDown();
                    }
                } catch (SdkException e) {
                    if (afterKill || killing) {
                        failedAfterKill.increment();
                    } else {
                        unexpected.add(name + ": " + e);
                    }
                }
            }
        }
    }
}
