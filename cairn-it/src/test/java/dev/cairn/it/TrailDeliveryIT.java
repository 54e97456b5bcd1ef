package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One signed call flowing to a verified trail file: a trail with log file validation delivers the events
 * of real SDK calls to a Cairn bucket as gzip'd CloudTrail log files, with signed digests, and the stock
 * {@code aws cloudtrail validate-logs} finds every file valid, then reports each kind of tampering.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrailDeliveryIT {
    private static final String BUCKET = "delivery-it";
    private static final String PREFIX = "audit";
    private static final String TRAIL = "delivery-it-trail";
    private static final Duration DIGEST_INTERVAL = Duration.ofSeconds(6);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CairnProcess server;
    private static S3Client s3;
    private static CloudTrailClient cloudTrail;
    private static String trailArn;
    private static Instant start;
    private static final List<String> requestIds = new ArrayList<>();

    @BeforeAll
    static void startServerWithALoggingValidatingTrail() {
        server = CairnProcess.start(
                "TrailDeliveryIT",
                "--trail-flush-interval",
                "1s",
                "--digest-interval",
                DIGEST_INTERVAL.toSeconds() + "s");
        s3 = S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(server.adminCredentials()))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build();
        cloudTrail = HistoryClients.cloudTrail(server);
        start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        s3.createBucket(b -> b.bucket(BUCKET));
        trailArn = cloudTrail
                .createTrail(t ->
                        t.name(TRAIL).s3BucketName(BUCKET).s3KeyPrefix(PREFIX).enableLogFileValidation(true))
                .trailARN();
        cloudTrail.startLogging(l -> l.name(TRAIL));
    }

    @AfterAll
    static void stopServer() {
        if (s3 != null) {
            s3.close();
        }
        if (cloudTrail != null) {
            cloudTrail.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void everyAnsweredCallOfALoggingTrailIsInALogFileOfTheBucket() throws Exception {
        try (IamClient iam = Clients.iam(server)) {
            for (int i = 0; i < 40; i++) {
                String name = "delivered-" + i;
                requestIds.add(
                        iam.createUser(u -> u.userName(name)).responseMetadata().requestId());
            }
        }

        Map<String, JsonNode> delivered = awaitDelivered(requestIds, Duration.ofSeconds(30));

        JsonNode first = delivered.get(requestIds.get(0));
        assertThat(first.get("eventSource").asText()).isEqualTo("iam.amazonaws.com");
        assertThat(first.get("eventName").asText()).isEqualTo("CreateUser");
        assertThat(first.get("readOnly").isBoolean()).isTrue();
        assertThat(first.get("recipientAccountId").asText()).isEqualTo("123456789012");
        for (S3Object object : logFiles()) {
            assertThat(object.key())
                    .matches(PREFIX + "/AWSLogs/123456789012/CloudTrail/us-east-1/\\d{4}/\\d{2}/\\d{2}/"
                            + "123456789012_CloudTrail_us-east-1_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz");
        }
        GetTrailStatusResponse status = cloudTrail.getTrailStatus(s -> s.name(TRAIL));
        assertThat(status.isLogging()).isTrue();
        assertThat(status.latestDeliveryTime()).isNotNull();
        assertThat(status.latestDeliveryError()).isNull();
    }

    @Test
    @Order(2)
    void theStockValidateLogsFindsEveryDigestAndLogFileValid() throws Exception {
        assumeTrue(AwsCommand.available(), "the aws CLI is not on the PATH");
        awaitDigests(2);

        AwsCommand.Result result = validateLogs();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).as(result.toString()).doesNotContain("INVALID");
        int digests = digestKeys().size();
        assertThat(result.stdout()).as(result.toString()).containsPattern("(\\d+)/\\1 digest files valid");
        assertThat(result.stdout()).as(result.toString()).containsPattern("(\\d+)/\\1 log files valid");
        assertThat(digests).isGreaterThanOrEqualTo(2);
        for (String key : digestKeys()) {
            assertThat(result.stdout()).contains("Digest file\ts3://" + BUCKET + "/" + key + "\tvalid");
        }
    }

    @Test
    @Order(3)
    void aLogFileWhoseContentChangedIsReported() throws Exception {
        assumeTrue(AwsCommand.available(), "the aws CLI is not on the PATH");
        String key = listedLogFile();
        byte[] original = get(key);
        String changed = gunzip(original).replace("delivered-", "tampered-");
        put(key, gzip(changed), s3.headObject(h -> h.bucket(BUCKET).key(key)).metadata());
        try {
            AwsCommand.Result result = validateLogs();

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stderr())
                    .contains("Log file\ts3://" + BUCKET + "/" + key + "\tINVALID: hash value doesn't match");
        } finally {
            put(key, original, Map.of());
        }
    }

    @Test
    @Order(4)
    void aDeletedLogFileIsReported() throws Exception {
        assumeTrue(AwsCommand.available(), "the aws CLI is not on the PATH");
        String key = listedLogFile();
        byte[] original = get(key);
        s3.deleteObject(d -> d.bucket(BUCKET).key(key));
        try {
            AwsCommand.Result result = validateLogs();

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stderr()).contains("Log file\ts3://" + BUCKET + "/" + key + "\tINVALID: not found");
        } finally {
            put(key, original, Map.of());
        }
    }

    @Test
    @Order(5)
    void aChangedDigestIsReported() throws Exception {
        assumeTrue(AwsCommand.available(), "the aws CLI is not on the PATH");
        String key = digestListingLogFiles();
        byte[] original = get(key);
        Map<String, String> metadata =
                s3.headObject(h -> h.bucket(BUCKET).key(key)).metadata();
        JsonNode digest = JSON.readTree(gunzip(original));
        String changed = gunzip(original)
                .replace(digest.get("logFiles").get(0).get("hashValue").asText(), "0".repeat(64));
        put(key, gzip(changed), metadata);
        try {
            AwsCommand.Result result = validateLogs();

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stderr())
                    .contains("Digest file\ts3://" + BUCKET + "/" + key + "\tINVALID: signature verification failed");
        } finally {
            put(key, original, metadata);
        }
    }

    @Test
    @Order(6)
    void aDeletedDigestIsReported() throws Exception {
        assumeTrue(AwsCommand.available(), "the aws CLI is not on the PATH");
        List<String> digests = digestKeys();
        String key = digests.get(digests.size() - 2); // not the newest: the newest is found by listing
        byte[] original = get(key);
        Map<String, String> metadata =
                s3.headObject(h -> h.bucket(BUCKET).key(key)).metadata();
        s3.deleteObject(d -> d.bucket(BUCKET).key(key));
        try {
            AwsCommand.Result result = validateLogs();

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stderr()).contains("Digest file\ts3://" + BUCKET + "/" + key + "\tINVALID: not found");
        } finally {
            put(key, original, metadata);
        }
    }

    @Test
    @Order(7)
    void cairnValidateLogsAgreesWithTheStockToolOnAnIntactTrail() throws Exception {
        assumeTrue(AwsCommand.available(), "the aws CLI is not on the PATH");
        String end =
                Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS).toString();

        CairnCommand.Result ours = cairnValidateLogs(end);
        AwsCommand.Result stock = validateLogs(end);

        assertThat(ours.exitCode()).as(ours.toString()).isZero();
        assertThat(ours.stdout()).containsPattern("(\\d+)/\\1 log files valid");
        // The trail keeps delivering, so the stock tool, run second, may see newer files: every line of ours
        // must be among its lines.
        List<String> ourLines = validLines(ours.stdout());
        assertThat(ourLines).isNotEmpty();
        assertThat(validLines(stock.stdout())).containsAll(ourLines);
    }

    @Test
    @Order(8)
    @Timeout(value = 240, unit = TimeUnit.SECONDS) // waits for digests to cover a whole minute
    void cairnValidateLogsReportsALogFileThatNoDigestListsWhichTheStockToolMisses() throws Exception {
        assumeTrue(AwsCommand.available(), "the aws CLI is not on the PATH");
        // The extra check judges only minutes that digests cover whole: plant the file in such a minute.
        List<String> digests = digestKeys();
        Instant chainStart = Instant.parse(JSON.readTree(gunzip(get(digests.get(0))))
                .get("digestStartTime")
                .asText());
        Instant minute = chainStart.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        awaitDigestEndingAfter(minute.plus(Duration.ofMinutes(1)));
        String planted = PREFIX + "/AWSLogs/123456789012/CloudTrail/us-east-1/"
                + DateTimeFormatter.ofPattern("yyyy/MM/dd/")
                        .withZone(ZoneOffset.UTC)
                        .format(minute)
                + "123456789012_CloudTrail_us-east-1_"
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
                        .withZone(ZoneOffset.UTC)
                        .format(minute)
                + "_PlantedByAttack1.json.gz";
        put(planted, gzip("{\"Records\":[]}"), Map.of());
        try {
            String end = Instant.now()
                    .plusSeconds(60)
                    .truncatedTo(ChronoUnit.SECONDS)
                    .toString();

            CairnCommand.Result ours = cairnValidateLogs(end);
            AwsCommand.Result stock = validateLogs(end);

            assertThat(stock.exitCode()).as(stock.toString()).isZero();
            assertThat(ours.exitCode()).as(ours.toString()).isEqualTo(1);
            assertThat(ours.stderr())
                    .contains("Log file\ts3://" + BUCKET + "/" + planted + "\tINVALID: not listed in any digest");
        } finally {
            s3.deleteObject(d -> d.bucket(BUCKET).key(planted));
        }
    }

    @Test
    @Order(9)
    void eventsAfterStopLoggingAreNotDelivered() throws Exception {
        cloudTrail.stopLogging(s -> s.name(TRAIL));
        Thread.sleep(1500);
        String afterStop;
        try (IamClient iam = Clients.iam(server)) {
            afterStop = iam.createUser(u -> u.userName("after-stop"))
                    .responseMetadata()
                    .requestId();
        }
        String marker;
        try (IamClient iam = Clients.iam(server)) {
            marker = iam.listUsers().responseMetadata().requestId();
        }
        Thread.sleep(3000);

        Set<String> found = allDeliveredRequestIds();
        assertThat(found).doesNotContain(afterStop, marker);
        assertThat(cloudTrail.getTrailStatus(s -> s.name(TRAIL)).isLogging()).isFalse();
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static AwsCommand.Result validateLogs() {
        return validateLogs(
                Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private static AwsCommand.Result validateLogs(String end) {
        return AwsCommand.run(
                server,
                Map.of("AWS_ENDPOINT_URL_S3", server.endpoint().toString()),
                "cloudtrail",
                "validate-logs",
                "--trail-arn",
                trailArn,
                "--start-time",
                start.toString(),
                "--end-time",
                end,
                "--verbose");
    }

    /** Runs {@code ./cairn validate-logs} through the server, as the stock tool is run. */
    private static CairnCommand.Result cairnValidateLogs(String end) {
        return CairnCommand.run(
                Map.of(
                        "AWS_ACCESS_KEY_ID", server.adminCredentials().accessKeyId(),
                        "AWS_SECRET_ACCESS_KEY", server.adminCredentials().secretAccessKey()),
                "validate-logs",
                "--endpoint",
                server.endpoint().toString(),
                "--trail-arn",
                trailArn,
                "--start-time",
                start.toString(),
                "--end-time",
                end,
                "--verbose",
                "--no-progress");
    }

    /** The verbose lines of a validate-logs run that call a digest or log file valid. */
    private static List<String> validLines(String stdout) {
        return stdout.lines()
                .filter(l -> (l.startsWith("Digest file\t") || l.startsWith("Log file\t")) && l.endsWith("\tvalid"))
                .toList();
    }

    private static Map<String, JsonNode> awaitDelivered(List<String> ids, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, JsonNode> byRequestId = new HashMap<>();
            for (S3Object object : logFiles()) {
                for (JsonNode record : JSON.readTree(gunzip(get(object.key()))).get("Records")) {
                    JsonNode id = record.get("requestID");
                    if (id != null) {
                        byRequestId.put(id.asText(), record);
                    }
                }
            }
            if (byRequestId.keySet().containsAll(ids)) {
                return byRequestId;
            }
            if (System.nanoTime() > deadline) {
                Set<String> missing = new HashSet<>(ids);
                missing.removeAll(byRequestId.keySet());
                throw new AssertionError(missing.size() + " of " + ids.size() + " calls were not delivered within "
                        + timeout + ": " + missing);
            }
            Thread.sleep(250);
        }
    }

    private static Set<String> allDeliveredRequestIds() throws IOException {
        Set<String> ids = new HashSet<>();
        for (S3Object object : logFiles()) {
            for (JsonNode record : JSON.readTree(gunzip(get(object.key()))).get("Records")) {
                if (record.has("requestID")) {
                    ids.add(record.get("requestID").asText());
                }
            }
        }
        return ids;
    }

    private static void awaitDigests(int count) throws InterruptedException {
        long deadline =
                System.nanoTime() + DIGEST_INTERVAL.multipliedBy(count + 3).toNanos();
        while (digestKeys().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " digests after "
                        + DIGEST_INTERVAL.multipliedBy(count + 3) + ": " + digestKeys());
            }
            Thread.sleep(250);
        }
    }

    private static void awaitDigestEndingAfter(Instant time) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            List<String> digests = digestKeys();
            String newest = digests.get(digests.size() - 1);
            Instant end = Instant.parse(
                    JSON.readTree(gunzip(get(newest))).get("digestEndTime").asText());
            if (!end.isBefore(time)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no digest ends at or after " + time + "; the newest is " + newest);
            }
            Thread.sleep(500);
        }
    }

    /** A log file some digest lists. */
    private static String listedLogFile() throws IOException {
        return JSON.readTree(gunzip(get(digestListingLogFiles())))
                .get("logFiles")
                .get(0)
                .get("s3Object")
                .asText();
    }

    private static String digestListingLogFiles() throws IOException {
        for (String key : digestKeys()) {
            if (!JSON.readTree(gunzip(get(key))).get("logFiles").isEmpty()) {
                return key;
            }
        }
        throw new AssertionError("no digest lists a log file: " + digestKeys());
    }

    private static List<S3Object> logFiles() {
        return s3
                .listObjectsV2Paginator(l -> l.bucket(BUCKET).prefix(PREFIX + "/AWSLogs/123456789012/CloudTrail/"))
                .contents()
                .stream()
                .toList();
    }

    private static List<String> digestKeys() {
        return s3
                .listObjectsV2Paginator(
                        l -> l.bucket(BUCKET).prefix(PREFIX + "/AWSLogs/123456789012/CloudTrail-Digest/"))
                .contents()
                .stream()
                .map(S3Object::key)
                .sorted()
                .toList();
    }

    private static byte[] get(String key) {
        ResponseBytes<GetObjectResponse> bytes =
                s3.getObjectAsBytes(g -> g.bucket(BUCKET).key(key));
        return bytes.asByteArray();
    }

    private static void put(String key, byte[] content, Map<String, String> metadata) {
        s3.putObject(
                p -> p.bucket(BUCKET)
                        .key(key)
                        .metadata(metadata)
                        .contentType("application/json")
                        .contentEncoding("gzip"),
                RequestBody.fromBytes(content));
    }

    private static String gunzip(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
