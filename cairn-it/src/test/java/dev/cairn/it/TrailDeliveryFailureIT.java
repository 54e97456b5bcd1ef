package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A trail whose bucket is gone loses nothing: its log file puts fail and are retried with growing waits, the
 * failure shows in GetTrailStatus ({@code LatestDeliveryError} NoSuchBucket, {@code LatestDeliveryAttemptTime})
 * and in {@code cairn_trail_delivery_failures_total}, the calls themselves still succeed, and once the bucket
 * exists again every event of the outage is delivered, once.
 *
 * <p>The bucket goes away through the S3 API, as an operator would remove it: the trail is pointed at an
 * empty bucket (UpdateTrail checks that it exists) which is then deleted; DeleteBucket needs it empty, so
 * nothing may be delivered in between, which a stopped trail guarantees.
 */
class TrailDeliveryFailureIT {
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final Duration RETRYING = Duration.ofSeconds(6);

    private static CairnProcess server;
    private static S3Client s3;
    private static CloudTrailClient cloudTrail;
    private static IamClient iam;
    private static RawHttp http;

    @BeforeAll
    static void startServer() {
        server = CairnProcess.start("TrailDeliveryFailureIT", "--trail-flush-interval", "1s");
        s3 = TrailLogs.s3(server);
        cloudTrail = HistoryClients.cloudTrail(server);
        iam = Clients.iam(server);
        http = new RawHttp(server);
    }

    @AfterAll
    static void stopServer() {
        for (AutoCloseable c : new AutoCloseable[] {iam, cloudTrail, s3, server}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }

    @Test
    void aMissingBucketIsReportedCountedRetriedWithBackoffAndNothingIsLost() throws Exception {
        String trail = "outage";
        s3.createBucket(b -> b.bucket("outage-before"));
        String arn = cloudTrail
                .createTrail(t -> t.name(trail).s3BucketName("outage-before"))
                .trailARN();
        cloudTrail.startLogging(l -> l.name(trail));
        List<String> before = createUsers("before-outage-", 5);
        String stop = id(cloudTrail.stopLogging(l -> l.name(trail)));
        TrailLogs first = new TrailLogs(s3, "outage-before", null);
        first.awaitRequestIds(concat(before, List.of(stop)), DELIVERY);
        GetTrailStatusResponse delivered = cloudTrail.getTrailStatus(s -> s.name(trail));
        assertThat(delivered.latestDeliveryError()).isNull();

        // The trail is stopped, so nothing reaches the new bucket before it is deleted.
        s3.createBucket(b -> b.bucket("outage-gone"));
        cloudTrail.updateTrail(u -> u.name(trail).s3BucketName("outage-gone"));
        s3.deleteBucket(d -> d.bucket("outage-gone"));
        Thread.sleep(1100); // the second of the stop counts as logged; the outage's calls come after it
        Instant outage = Instant.now();
        cloudTrail.startLogging(l -> l.name(trail));
        List<String> during = createUsers("during-outage-", 1);
        long firstFailure = awaitFailures(arn, 1);
        during.addAll(createUsers("during-outage-more-", 9));

        GetTrailStatusResponse failing = await(
                "GetTrailStatus reports a delivery error",
                () -> cloudTrail.getTrailStatus(s -> s.name(trail)),
                s -> s.latestDeliveryError() != null);
        assertThat(failing.latestDeliveryError()).isEqualTo("NoSuchBucket");
        assertThat(failing.isLogging()).isTrue();
        assertThat(failing.latestDeliveryTime())
                .as("LatestDeliveryTime: the last success, before the outage at %s", outage)
                .isBefore(outage);
        assertThat(failing.latestDeliveryAttemptTime()).isNotEmpty();
        assertThat(Instant.parse(failing.latestDeliveryAttemptTime()))
                .as("LatestDeliveryAttemptTime: the failed attempt, in the outage that began at %s", outage)
                .isAfterOrEqualTo(outage.truncatedTo(ChronoUnit.SECONDS));
        assertThat(failing.latestDeliveryAttemptSucceeded())
                .as("LatestDeliveryAttemptSucceeded: the last success, not the failed attempt")
                .isNotEqualTo(failing.latestDeliveryAttemptTime());

        // Counted, and retried with growing waits (1 s, 2 s, 4 s, ...: attempts at 0, 1, 3, 7, 15 s): RETRYING
        // after the first failure, 3 or 4 attempts failed (5 if the test's own observations were late by many
        // seconds); retrying every second would have failed 7 times, and without a wait far more often.
        Thread.sleep(Math.max(
                0,
                RETRYING.toMillis()
                        - Duration.ofNanos(System.nanoTime() - firstFailure).toMillis()));
        assertThat(failures(arn))
                .as("failed puts counted %s after the first", RETRYING)
                .isBetween(3.0, 5.0);
        assertThat(cloudTrail.getTrailStatus(s -> s.name(trail)).latestDeliveryError())
                .isEqualTo("NoSuchBucket");

        Instant back = Instant.now();
        s3.createBucket(b -> b.bucket("outage-gone"));
        TrailLogs second = new TrailLogs(s3, "outage-gone", null);
        second.awaitRequestIds(during, DELIVERY);

        Set<String> everywhere = new HashSet<>(first.requestIds());
        everywhere.addAll(second.requestIds());
        assertThat(everywhere).containsAll(before).containsAll(during);
        assertThat(first.duplicateEventIds()).isEmpty();
        assertThat(second.duplicateEventIds())
                .as("events written twice by the retries")
                .isEmpty();
        GetTrailStatusResponse recovered = await(
                "GetTrailStatus reports a delivery after the bucket is back",
                () -> cloudTrail.getTrailStatus(s -> s.name(trail)),
                s -> s.latestDeliveryTime() != null && s.latestDeliveryTime().isAfter(back.minusSeconds(1)));
        assertThat(recovered.isLogging()).isTrue();
        assertThat(metric("cairn_trail_log_files_total", arn, null))
                .as("log files counted")
                .isGreaterThanOrEqualTo(2);
    }

    /**
     * Regression: events recorded while a trail was logging were lost when the trail was stopped and started
     * again before its deliverer read them, as happens while its puts fail: each event was judged by the
     * trail's newest logging window only. Here the reader is held back the way an outage holds it: the writer
     * retries one flush, a second waits in the hand-off queue, the reader holds a third, and the calls after
     * those stay unread until the bucket is back. Logging windows now come from the journal's own
     * StartLogging and StopLogging events, in journal order (decision 0005).
     */
    @Test
    void eventsOfAnEarlierLoggingWindowAreDeliveredAfterAStopAndStartDuringAnOutage() throws Exception {
        String trail = "restarted-in-outage";
        s3.createBucket(b -> b.bucket("restarted-gone"));
        cloudTrail.createTrail(t -> t.name(trail).s3BucketName("restarted-gone"));
        s3.deleteBucket(d -> d.bucket("restarted-gone"));
        cloudTrail.startLogging(l -> l.name(trail));

        List<String> logged = new ArrayList<>();
        // One call per flush: the writer retries the first, the second waits in the queue, the reader holds the
        // third and waits; two more, as the deliverer may start reading a moment after the trail was created.
        for (int flush = 0; flush < 5; flush++) {
            logged.addAll(createUsers("window-one-" + flush + "-", 1));
            Thread.sleep(1500);
        }
        List<String> unread = createUsers("window-one-unread-", 3);
        logged.addAll(unread);
        cloudTrail.stopLogging(l -> l.name(trail));
        Thread.sleep(1100);
        List<String> whileStopped = createUsers("stopped-in-outage-", 3);
        Thread.sleep(1100);
        cloudTrail.startLogging(l -> l.name(trail));
        List<String> afterStart = createUsers("window-two-", 3);
        assertThat(cloudTrail.getTrailStatus(s -> s.name(trail)).latestDeliveryError())
                .isEqualTo("NoSuchBucket");

        s3.createBucket(b -> b.bucket("restarted-gone"));
        TrailLogs logs = new TrailLogs(s3, "restarted-gone", null);
        logs.awaitRequestIds(afterStart, DELIVERY);
        assertThat(logs.requestIds()).doesNotContainAnyElementsOf(whileStopped);
        Set<String> missing = new HashSet<>(logged);
        missing.removeAll(logs.requestIds());
        assertThat(missing)
                .as(
                        "calls answered while the trail was logging, before it was stopped and started again, whose"
                                + " events are in no log file (%d of them unread when the trail was stopped)",
                        unread.size())
                .isEmpty();
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static List<String> createUsers(String prefix, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = prefix + i;
            ids.add(id(iam.createUser(u -> u.userName(name))));
        }
        return ids;
    }

    private static String id(AwsResponse response) {
        return response.responseMetadata().requestId();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static <T> T await(String what, Supplier<T> read, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        while (true) {
            T value = read.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not within " + DELIVERY + "; last: " + value);
            }
            Thread.sleep(100);
        }
    }

    /** Waits until at least {@code count} failed puts of the trail are counted; returns System.nanoTime() then. */
    private static long awaitFailures(String trailArn, int count) throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        while (failures(trailArn) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " failed puts of " + trailArn + " counted within "
                        + DELIVERY + ": " + failures(trailArn));
            }
            Thread.sleep(50);
        }
        return System.nanoTime();
    }

    private static double failures(String trailArn) {
        return metric("cairn_trail_delivery_failures_total", trailArn, "NoSuchBucket");
    }

    /** The sum of a metric's samples in {@code GET /_cairn/metrics} for one trail (and error code), 0 if none. */
    private static double metric(String name, String trailArn, @Nullable String code) {
        HttpResponse<String> response = http.get("/_cairn/metrics");
        assertThat(response.statusCode()).as("GET /_cairn/metrics").isEqualTo(200);
        double sum = 0;
        for (String line : response.body().split("\n")) {
            if (line.startsWith(name + "{")
                    && line.contains("trail=\"" + trailArn + "\"")
                    && (code == null || line.contains("code=\"" + code + "\""))) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
