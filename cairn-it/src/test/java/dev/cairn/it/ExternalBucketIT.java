package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.S3BucketDoesNotExistException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A bucket mapped to an external S3-compatible endpoint: with {@code --bucket-config} naming s3proxy (started
 * by the test on 127.0.0.1), a validating trail's log files and digests land in s3proxy, not in the data
 * folder; the stock {@code aws cloudtrail validate-logs} reading s3proxy finds them valid; a trail naming a
 * mapped bucket missing at the endpoint is refused; and while s3proxy is down delivery fails visibly, then
 * resumes with nothing lost once it is back on the same port and folder.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExternalBucketIT {
    private static final String BUCKET = "external-trail-logs";
    private static final String MISSING = "external-missing";
    private static final String CREATED = "external-created";
    private static final String PREFIX = "audit";
    private static final String TRAIL = "external-it-trail";
    private static final Duration DIGEST_INTERVAL = Duration.ofSeconds(5);
    private static final String LOGS = PREFIX + "/AWSLogs/123456789012/CloudTrail/";
    private static final String DIGESTS = PREFIX + "/AWSLogs/123456789012/CloudTrail-Digest/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static S3ProxyServer s3proxy;
    private static S3Client external;
    private static Path bucketConfig;
    private static CairnProcess server;
    private static CloudTrailClient cloudTrail;
    private static String trailArn;
    private static Instant start;
    private static final List<String> requestIds = new ArrayList<>();

    @BeforeAll
    static void startS3ProxyAndCairnWithAValidatingTrailToAMappedBucket() throws Exception {
        s3proxy = S3ProxyServer.start();
        external = s3proxy.client();
        external.createBucket(b -> b.bucket(BUCKET));
        bucketConfig = writeBucketConfig();
        server = CairnProcess.start(
                "ExternalBucketIT",
                "--trail-flush-interval",
                "1s",
                "--digest-interval",
                DIGEST_INTERVAL.toSeconds() + "s",
                "--bucket-config",
                bucketConfig.toString());
        s3proxy.allow(server.adminCredentials());
        cloudTrail = HistoryClients.cloudTrail(server);
        start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        trailArn = cloudTrail
                .createTrail(t ->
                        t.name(TRAIL).s3BucketName(BUCKET).s3KeyPrefix(PREFIX).enableLogFileValidation(true))
                .trailARN();
        cloudTrail.startLogging(l -> l.name(TRAIL));
    }

    /** Maps three buckets to s3proxy, with its secret read from the file (CairnProcess clears CAIRN_*). */
    private static Path writeBucketConfig() throws IOException {
        StringBuilder text = new StringBuilder("# ExternalBucketIT: every mapped bucket is on s3proxy\n");
        for (String bucket : List.of(BUCKET, MISSING, CREATED)) {
            text.append("[bucket ")
                    .append(bucket)
                    .append("]\n")
                    .append("endpoint = ")
                    .append(s3proxy.endpoint())
                    .append("\nregion = us-east-1\npath_style = true\naccess_key_id = ")
                    .append(s3proxy.credentials().accessKeyId())
                    .append("\nsecret_access_key = ")
                    .append(s3proxy.credentials().secretAccessKey())
                    .append("\n\n");
        }
        Path file = Files.createTempFile(
                "cairn-it-buckets",
                ".ini",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (cloudTrail != null) {
            cloudTrail.close();
        }
        if (server != null) {
            server.close();
        }
        if (external != null) {
            external.close();
        }
        if (s3proxy != null) {
            s3proxy.close();
        }
        if (bucketConfig != null) {
            Files.deleteIfExists(bucketConfig);
        }
    }

    @Test
    @Order(1)
    void everyAnsweredCallIsInALogFileAtTheEndpointAndNothingInTheDataFolder() throws Exception {
        requestIds.addAll(createUsers("external-", 20));

        Set<String> delivered = awaitDelivered(requestIds, Duration.ofSeconds(30));

        assertThat(delivered).containsAll(requestIds);
        for (S3Object object : list(LOGS)) {
            assertThat(object.key())
                    .matches(LOGS + "us-east-1/\\d{4}/\\d{2}/\\d{2}/"
                            + "123456789012_CloudTrail_us-east-1_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz");
        }
        // The status is updated just after the last put of a flush, so a reader can see the file first.
        GetTrailStatusResponse status = await("a delivery time in GetTrailStatus", Duration.ofSeconds(10), () -> {
            GetTrailStatusResponse s = cloudTrail.getTrailStatus(r -> r.name(TRAIL));
            return s.latestDeliveryTime() != null ? s : null;
        });
        assertThat(status.latestDeliveryError()).isNull();
        Path folder = server.dataDirectory().resolve("buckets");
        assertThat(folder.resolve(BUCKET)).doesNotExist();
        assertThat(folder.resolve(".cairn/buckets").resolve(BUCKET)).doesNotExist();
        assertThat(server.output())
                .contains(BUCKET + " -> " + s3proxy.endpoint())
                .doesNotContain(s3proxy.credentials().secretAccessKey());
    }

    @Test
    @Order(2)
    void cairnsS3ApiServesAMappedBucketFromTheEndpointAndCreatesOneThere() {
        try (S3Client cairn = cairnS3()) {
            List<String> atTheEndpoint = list(LOGS).stream().map(S3Object::key).toList();

            assertThat(cairn.listBuckets().buckets()).extracting(Bucket::name).contains(BUCKET);
            assertThat(cairn.listObjectsV2Paginator(l -> l.bucket(BUCKET).prefix(LOGS)).contents().stream()
                            .map(S3Object::key))
                    .containsAll(atTheEndpoint);

            cairn.createBucket(b -> b.bucket(CREATED));

            assertThat(external.listBuckets().buckets())
                    .extracting(Bucket::name)
                    .contains(CREATED);
            assertThat(server.dataDirectory().resolve("buckets").resolve(CREATED))
                    .doesNotExist();
        }
    }

    @Test
    @Order(3)
    void aTrailToAMappedBucketMissingAtTheEndpointIsS3BucketDoesNotExist() {
        assertThatThrownBy(() -> cloudTrail.createTrail(
                        t -> t.name("external-missing-trail").s3BucketName(MISSING)))
                .isInstanceOf(S3BucketDoesNotExistException.class)
                .hasMessageContaining(MISSING);
    }

    @Test
    @Order(4)
    @Timeout(120)
    void theStockValidateLogsReadingTheEndpointFindsEveryDigestAndLogFileValid() throws Exception {
        assumeTrue(AwsCommand.available(), "the aws CLI is not on the PATH");
        awaitDigests(2);

        assertAllValid(validateLogs());
    }

    @Test
    @Order(5)
    @Timeout(150)
    void whileTheEndpointIsDownDeliveryFailsVisiblyAndResumesWithNothingLost() throws Exception {
        s3proxy.stop();
        List<String> whileDown = createUsers("while-down-", 10);
        GetTrailStatusResponse failing = await("a delivery error in GetTrailStatus", Duration.ofSeconds(30), () -> {
            GetTrailStatusResponse s = cloudTrail.getTrailStatus(r -> r.name(TRAIL));
            return s.latestDeliveryError() != null ? s : null;
        });
        assertThat(failing.latestDeliveryError()).isEqualTo("InternalError");
        assertThat(failing.isLogging()).isTrue();

        s3proxy.startAgain();
        List<String> all = new ArrayList<>(requestIds);
        all.addAll(whileDown);
        all.addAll(createUsers("after-restart-", 5));

        assertThat(awaitDelivered(all, Duration.ofSeconds(60))).containsAll(all);
        await(
                "GetTrailStatus without a delivery error",
                Duration.ofSeconds(30),
                () -> cloudTrail.getTrailStatus(r -> r.name(TRAIL)).latestDeliveryError() == null ? true : null);
        if (AwsCommand.available()) {
            int before = list(DIGESTS).size();
            awaitDigests(before + 1);
            assertAllValid(validateLogs());
        }
    }

    @Test
    @Order(6)
    void aBrokenBucketConfigStopsTheStartNamingTheFileTheLineAndTheRuleButNotTheSecret() throws IOException {
        Path broken = Files.createTempFile(
                "cairn-it-broken-buckets",
                ".ini",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(
                    broken,
                    "[bucket " + BUCKET + "]\nendpoint = " + s3proxy.endpoint() + "\nregion = us-east-1\n"
                            + "path_style = yes\naccess_key_id = a\nsecret_access_key = never-shown-secret\n",
                    StandardCharsets.UTF_8);

            assertThatThrownBy(
                            () -> CairnProcess.start("ExternalBucketIT-broken", "--bucket-config", broken.toString()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exited with code")
                    .hasMessageContaining(broken + ":4: path_style 'yes' must be true or false")
                    .message()
                    .doesNotContain("never-shown-secret");
            String dataOfTheRefusedStart =
                    "ExternalBucketIT-broken-" + ProcessHandle.current().pid() + "-";
            try (Stream<Path> entries = Files.list(server.dataDirectory().getParent())) {
                assertThat(entries.map(p -> p.getFileName().toString()))
                        .as("no data directory is created for a refused bucket configuration")
                        .noneMatch(name -> name.startsWith(dataOfTheRefusedStart) && name.endsWith("-data"));
            }
        } finally {
            Files.deleteIfExists(broken);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static List<String> createUsers(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        try (IamClient iam = Clients.iam(server)) {
            for (int i = 0; i < count; i++) {
                String name = prefix + i;
                ids.add(iam.createUser(u -> u.userName(name)).responseMetadata().requestId());
            }
        }
        return ids;
    }

    private static S3Client cairnS3() {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(server.adminCredentials()))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    private static AwsCommand.Result validateLogs() {
        return AwsCommand.run(
                server,
                Map.of("AWS_ENDPOINT_URL_S3", s3proxy.endpoint().toString()),
                "cloudtrail",
                "validate-logs",
                "--trail-arn",
                trailArn,
                "--start-time",
                start.toString(),
                "--end-time",
                Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS).toString(),
                "--verbose");
    }

    private static void assertAllValid(AwsCommand.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).as(result.toString()).doesNotContain("INVALID");
        assertThat(result.stdout()).as(result.toString()).containsPattern("(\\d+)/\\1 digest files valid");
        assertThat(result.stdout()).as(result.toString()).containsPattern("(\\d+)/\\1 log files valid");
        List<String> digests = list(DIGESTS).stream().map(S3Object::key).toList();
        assertThat(digests).hasSizeGreaterThanOrEqualTo(2);
        for (String key : digests) {
            assertThat(result.stdout()).contains("Digest file\ts3://" + BUCKET + "/" + key + "\tvalid");
        }
    }

    /** Waits until every request id is in a log file at the endpoint; returns the ids found. */
    private static Set<String> awaitDelivered(List<String> ids, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> found = deliveredRequestIds();
            if (found.containsAll(ids)) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                Set<String> missing = new HashSet<>(ids);
                missing.removeAll(found);
                throw new AssertionError(missing.size() + " of " + ids.size() + " calls were not delivered to "
                        + s3proxy + " within " + timeout + ": " + missing + "\n" + server.output());
            }
            Thread.sleep(250);
        }
    }

    private static Set<String> deliveredRequestIds() throws IOException {
        Set<String> ids = new HashSet<>();
        for (S3Object object : list(LOGS)) {
            byte[] gzip;
            try {
                gzip = external.getObjectAsBytes(g -> g.bucket(BUCKET).key(object.key()))
                        .asByteArray();
            } catch (NoSuchKeyException e) {
                continue; // s3proxy lists a file while it is still being written; the next poll reads it
            }
            for (JsonNode record : JSON.readTree(gunzip(gzip)).get("Records")) {
                if (record.has("requestID")) {
                    ids.add(record.get("requestID").asText());
                }
            }
        }
        return ids;
    }

    private static void awaitDigests(int count) throws Exception {
        await(
                count + " digest files at the endpoint",
                DIGEST_INTERVAL.multipliedBy(count + 4),
                () -> list(DIGESTS).size() >= count ? true : null);
    }

    private static <T> T await(String what, Duration timeout, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout + "\n" + server.output());
            }
            Thread.sleep(250);
        }
    }

    private static List<S3Object> list(String prefix) {
        return external.listObjectsV2Paginator(l -> l.bucket(BUCKET).prefix(prefix)).contents().stream()
                .toList();
    }

    private static String gunzip(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
