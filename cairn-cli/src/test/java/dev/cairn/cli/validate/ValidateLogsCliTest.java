package dev.cairn.cli.validate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.bucket.folder.FolderObjectStore;
import dev.cairn.cli.Main;
import dev.cairn.cli.aws.CloudTrailClient;
import dev.cairn.protocol.sigv4.SignedRequest;
import dev.cairn.protocol.sigv4.SigningCredentials;
import dev.cairn.signing.SigningKey;
import dev.cairn.time.Clock;
import dev.cairn.trail.digest.DigestChain;
import dev.cairn.trail.digest.DigestTarget;
import dev.cairn.trail.digest.DigestWriter;
import dev.cairn.trail.digest.LogFileEntry;
import dev.cairn.trail.digest.LogFileKeys;
import dev.cairn.trail.digest.SignedDigest;
import dev.cairn.trail.keys.FileSigningKeyStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cairn validate-logs} end to end on a data directory: a bucket folder filled by {@link
 * FolderObjectStore} with log files and digests written by {@link DigestWriter}, signed with keys of a
 * {@link FileSigningKeyStore}, as a stopped server leaves them.
 */
class ValidateLogsCliTest {

    static final String BUCKET = "trail-bucket";
    static final String PREFIX = "myprefix";
    static final String ACCOUNT = "111122223333";
    static final String REGION = "us-east-1";
    static final String ARN = "arn:aws:cloudtrail:us-east-1:111122223333:trail/mytrail";
    static final Instant T0 = Instant.parse("2024-05-01T09:01:31Z");
    static final DigestTarget TARGET = new DigestTarget("mytrail", REGION, ACCOUNT, REGION, BUCKET, PREFIX);
    static final String FROM = "2024-05-01T09:00:00Z";
    static final String TO = "2024-05-01T12:30:00Z";
    static final Map<String, String> KEY_IN_ENV =
            Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret");

    @TempDir
    Path data;

    final List<SignedDigest> digests = new ArrayList<>();
    final List<LogFileEntry> logs = new ArrayList<>();
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final Clock clock = new Clock() {
        @Override
        public Instant now() {
            return now.get();
        }

        @Override
        public long monotonicNanos() {
            return System.nanoTime();
        }
    };
    Map<String, String> env = Map.of();
    final List<SignedRequest> calls = new ArrayList<>();
    CloudTrailClient.Transport api = (uri, request) -> {
        throw new AssertionError("no call to the CloudTrail API expected: " + request);
    };

    /** Delivers three hourly digests (an empty chain start, an hour with two log files, an empty hour). */
    @BeforeEach
    void deliver() {
        FileSigningKeyStore keys = FileSigningKeyStore.open(data.resolve("keys/signing"));
        SigningKey key = keys.current(REGION, Instant.parse("2024-05-01T00:00:00Z"));
        try (FolderObjectStore store = FolderObjectStore.open(data.resolve("buckets"), clock)) {
            store.createBucket(BUCKET, ACCOUNT, REGION);
            SignedDigest first = digest(store, T0, List.of(), null, key);
            LogFileEntry a = log(store, "2024-05-01T10:15:00Z", "AAAAAAAAAAAAAAAA");
            LogFileEntry b = log(store, "2024-05-01T10:45:00Z", "BBBBBBBBBBBBBBBB");
            SignedDigest second = digest(store, first.end(), List.of(a, b), first.chain(), key);
            digest(store, second.end(), List.of(), second.chain(), key);
        }
        now.set(Instant.parse("2024-05-01T13:00:00Z"));
    }

    @Test
    void intactTrailPrintsTheAwsCliSummaryAndExitsZero() {
        int code = validateDelivered();

        assertThat(stdout.toString(UTF_8))
                .isEqualTo("Validating log files for trail " + ARN
                        + " between 2024-05-01T09:00:00Z and 2024-05-01T12:30:00Z\n\n"
                        + "Results requested for 2024-05-01T09:00:00Z to 2024-05-01T12:30:00Z\n"
                        + "Results found for 2024-05-01T09:01:31Z to 2024-05-01T12:01:31Z:\n\n"
                        + "3/3 digest files valid\n"
                        + "2/2 log files valid\n");
        assertThat(stderr.toString(UTF_8)).isEmpty();
        assertThat(code).isZero();
    }

    @Test
    void verbosePrintsEachValidFileNewestDigestFirst() {
        int code = validateDelivered("--verbose");

        assertThat(stdout.toString(UTF_8))
                .contains("\n\n" + line(digests.get(2), "valid") + "\n"
                        + line(digests.get(1), "valid") + "\n"
                        + line(logs.get(0), "valid") + "\n"
                        + line(logs.get(1), "valid") + "\n"
                        + line(digests.get(0), "valid") + "\n\n"
                        + "Results requested for");
        assertThat(code).isZero();
    }

    @Test
    void changedLogFileIsReportedOnStandardErrorAndExitsOne() throws IOException {
        replace(logs.get(0).key(), gzip("{\"Records\":[]}"));

        int code = validateDelivered();

        assertThat(stderr.toString(UTF_8)).isEqualTo(line(logs.get(0), "INVALID: hash value doesn't match") + "\n\n");
        assertThat(stdout.toString(UTF_8))
                .endsWith("3/3 digest files valid\n1/2 log files valid, 1/2 log files INVALID\n");
        assertThat(code).isEqualTo(1);
    }

    @Test
    void logFileThatNoDigestListsIsReportedAndExitsOne() {
        String extra;
        try (FolderObjectStore store = FolderObjectStore.open(data.resolve("buckets"), clock)) {
            extra = log(store, "2024-05-01T11:20:00Z", "CCCCCCCCCCCCCCCC").key();
        }

        int code = validateDelivered();

        assertThat(stderr.toString(UTF_8))
                .isEqualTo("Log file\ts3://" + BUCKET + "/" + extra + "\tINVALID: not listed in any digest\n\n");
        assertThat(stdout.toString(UTF_8)).endsWith("2/3 log files valid, 1/3 log files INVALID\n");
        assertThat(code).isEqualTo(1);
    }

    @Test
    void wrongPreviousDigestHashValueIsReportedAndExitsOne() {
        SigningKey key = FileSigningKeyStore.open(data.resolve("keys/signing"))
                .current(REGION, Instant.parse("2024-05-01T00:00:00Z"));
        SignedDigest last = digests.getLast();
        SignedDigest wrong;
        try (FolderObjectStore store = FolderObjectStore.open(data.resolve("buckets"), clock)) {
            DigestChain link =
                    new DigestChain(last.bucket(), last.key(), "f".repeat(64), last.signatureHex(), last.end());
            wrong = digest(store, last.end(), List.of(), link, key);
        }

        int code = validateDelivered();

        assertThat(stderr.toString(UTF_8))
                .isEqualTo(line(wrong, "INVALID: previousDigestHashValue does not match the previous digest") + "\n\n");
        assertThat(stdout.toString(UTF_8)).contains("3/4 digest files valid, 1/4 digest files INVALID");
        assertThat(code).isEqualTo(1);
    }

    @Test
    void invalidTrailArnExits255WithTheAwsCliMessage() {
        int code = run(
                "--data",
                data.toString(),
                "--trail-arn",
                "arn:aws:cloudtrail:us-east-1:1234:trail/x",
                "--start-time",
                FROM,
                "--s3-bucket",
                BUCKET);

        assertThat(stderr.toString(UTF_8))
                .isEqualTo("\nInvalid trail ARN provided: arn:aws:cloudtrail:us-east-1:1234:trail/x\n");
        assertThat(stdout.toString(UTF_8)).isEmpty();
        assertThat(code).isEqualTo(255);
    }

    @Test
    void startAfterEndExits255() {
        int code = run(
                "--data",
                data.toString(),
                "--trail-arn",
                ARN,
                "--start-time",
                TO,
                "--end-time",
                FROM,
                "--s3-bucket",
                BUCKET);

        assertThat(stderr.toString(UTF_8))
                .isEqualTo("\nInvalid time range specified: start-time must occur before end-time\n");
        assertThat(code).isEqualTo(255);
    }

    @Test
    void unreadableStartTimeExits255() {
        int code = run(
                "--data", data.toString(), "--trail-arn", ARN, "--start-time", "yesterday-ish", "--s3-bucket", BUCKET);

        assertThat(stderr.toString(UTF_8)).isEqualTo("\nUnable to parse date value: yesterday-ish\n");
        assertThat(code).isEqualTo(255);
    }

    @Test
    void noPublicKeysForTheRangeExits255AfterTheFirstLine() {
        int code = run(
                "--data",
                data.toString(),
                "--trail-arn",
                ARN,
                "--start-time",
                "2023-01-01T00:00:00Z",
                "--end-time",
                "2023-01-02T00:00:00Z",
                "--s3-bucket",
                BUCKET,
                "--s3-prefix",
                PREFIX);

        assertThat(stdout.toString(UTF_8)).startsWith("Validating log files for trail " + ARN);
        assertThat(stderr.toString(UTF_8))
                .isEqualTo("\nNo public keys found between 2023-01-01T00:00:00Z and 2023-01-02T02:00:00Z\n");
        assertThat(code).isEqualTo(255);
    }

    @Test
    void withoutABucketOrAnEndpointExits255SayingWhatToGive() {
        int code = run("--data", data.toString(), "--trail-arn", ARN, "--start-time", FROM);

        assertThat(stderr.toString(UTF_8)).contains("give --s3-bucket").contains("--endpoint URL");
        assertThat(code).isEqualTo(255);
    }

    @Test
    void bucketAndPrefixComeFromDescribeTrailsWhenAnEndpointIsGiven() {
        env = KEY_IN_ENV;
        serverAnswers(trailList());

        int code = validateThroughEndpoint();

        assertThat(code).as("stderr: %s", stderr.toString(UTF_8)).isZero();
        assertThat(stdout.toString(UTF_8)).contains("3/3 digest files valid");
        assertThat(calls).hasSize(1);
        SignedRequest call = calls.getFirst();
        assertThat(call.headers().first("x-amz-target"))
                .isEqualTo("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DescribeTrails");
        assertThat(new String(call.body(), UTF_8)).isEqualTo("{}");
        assertThat(call.headers().first("authorization"))
                .contains("AKIDEXAMPLE/")
                .contains("/us-east-1/cloudtrail/");
    }

    @Test
    void trailThatDescribeTrailsDoesNotKnowExits255() {
        env = KEY_IN_ENV;
        serverAnswers(answer(200, "{\"trailList\":[]}"));

        int code = validateThroughEndpoint();

        assertThat(stderr.toString(UTF_8)).isEqualTo("\nA trail could not be found for " + ARN + "\n");
        assertThat(code).isEqualTo(255);
    }

    @Test
    void throttledDescribeTrailsIsRetried() {
        env = KEY_IN_ENV;
        serverAnswers(answer(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"), trailList());

        int code = validateThroughEndpoint();

        assertThat(code).as("stderr: %s", stderr.toString(UTF_8)).isZero();
        assertThat(calls).hasSize(2);
    }

    @Test
    void missingCredentialsExit255WithTheAwsCliWording() {
        int code = validateThroughEndpoint();

        assertThat(stderr.toString(UTF_8))
                .isEqualTo("\nUnable to locate credentials: " + data.resolve("credentials") + " does not exist and"
                        + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set; point --data (or CAIRN_DATA) at"
                        + " the server's data directory, or set them\n");
        assertThat(code).isEqualTo(255);
    }

    @Test
    void halfAKeyInTheEnvironmentIsPassedOverForTheCairnProfile() throws IOException {
        Files.writeString(
                data.resolve("credentials"),
                "[cairn]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n");
        env = Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        serverAnswers(trailList());

        int code = validateThroughEndpoint();

        assertThat(code).as("stderr: %s", stderr.toString(UTF_8)).isZero();
        assertThat(calls.getFirst().headers().first("authorization")).contains("AKIDPROFILE/");
    }

    @Test
    void listPublicKeysErrorIsReportedAsTheAwsCliReportsIt() throws Exception {
        serverAnswers(answer(400, "{\"__type\":\"InvalidTimeRangeException\",\"message\":\"bad range\"}"));

        assertThatThrownBy(() -> cloudTrail().listPublicKeys(REGION, Instant.parse(FROM), Instant.parse(TO)))
                .hasMessage("An error occurred (InvalidTimeRangeException) when calling the ListPublicKeys operation:"
                        + " bad range");
    }

    @Test
    void listPublicKeysAnswerIsReadAsTheServerWritesIt() {
        serverAnswers(answer(
                200,
                "{\"PublicKeyList\":[{\"Value\":\"AQID\",\"ValidityStartTime\":1714521600,"
                        + "\"ValidityEndTime\":1.7171136E9,\"Fingerprint\":\"abc\"}]}"));

        var keys = cloudTrail().listPublicKeys("eu-west-1", Instant.parse(FROM), Instant.parse(TO));

        assertThat(keys).hasSize(1);
        assertThat(keys.getFirst().pkcs1Der()).containsExactly(1, 2, 3);
        assertThat(keys.getFirst().validityStart()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(keys.getFirst().validityEnd()).isEqualTo(Instant.parse("2024-05-31T00:00:00Z"));
        assertThat(keys.getFirst().fingerprint()).isEqualTo("abc");
        assertThat(new String(calls.getFirst().body(), UTF_8))
                .isEqualTo("{\"StartTime\":1714554000,\"EndTime\":1714566600}");
        assertThat(calls.getFirst().headers().first("authorization")).contains("/eu-west-1/cloudtrail/");
    }

    @Test
    void bucketsLockedByARunningServerExit255SayingToStopItOrUseTheEndpoint() {
        try (FolderObjectStore running = FolderObjectStore.open(data.resolve("buckets"), clock)) {
            int code = run("--data", data.toString(), "--trail-arn", ARN, "--start-time", FROM, "--s3-bucket", BUCKET);

            assertThat(stderr.toString(UTF_8))
                    .contains("in use by a running server")
                    .contains("--endpoint URL");
            assertThat(code).isEqualTo(255);
        }
    }

    @Test
    void keyDirectoryIsReadWithoutBeingChanged() throws IOException {
        Path keys = data.resolve("keys/signing/us-east-1");
        Path leftover = keys.resolve("20240601T000000Z-00000000000000000000000000000000.private");
        Files.write(leftover, new byte[] {1});
        List<Path> before;
        try (var files = Files.list(keys)) {
            before = files.sorted().toList();
        }

        int code = validateDelivered();

        assertThat(code).isZero();
        try (var files = Files.list(keys)) {
            assertThat(files.sorted().toList()).isEqualTo(before);
        }
    }

    @Test
    void topLevelCommandHasTheSubcommand() {
        CommandLine cairn = new CommandLine(new Main());

        assertThat(cairn.getSubcommands()).containsKey("validate-logs");
        Object command = cairn.getSubcommands().get("validate-logs").getCommand();
        assertThat(command).isInstanceOf(ValidateLogsCommand.class);
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        int code = run("--data", data.toString(), "--start-time", FROM);

        assertThat(code).isEqualTo(2);
    }

    /** Runs validate-logs on the data directory over the delivered hours, given the bucket and prefix. */
    private int validateDelivered(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--data",
                data.toString(),
                "--trail-arn",
                ARN,
                "--start-time",
                FROM,
                "--end-time",
                TO,
                "--s3-bucket",
                BUCKET,
                "--s3-prefix",
                PREFIX));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /** Runs validate-logs on the data directory, asking the server at the endpoint for the trail's bucket. */
    private int validateThroughEndpoint() {
        return run(
                "--data",
                data.toString(),
                "--endpoint",
                "http://127.0.0.1:4566",
                "--trail-arn",
                ARN,
                "--start-time",
                FROM,
                "--end-time",
                TO);
    }

    /** The DescribeTrails answer of a server that has this trail and another. */
    private static CloudTrailClient.Answer trailList() {
        String body = "{\"trailList\":[{\"Name\":\"other\",\"TrailARN\":\"" + ARN.replace("mytrail", "other")
                + "\",\"S3BucketName\":\"elsewhere\"},{\"Name\":\"mytrail\",\"TrailARN\":\"" + ARN
                + "\",\"S3BucketName\":\"" + BUCKET + "\",\"S3KeyPrefix\":\"" + PREFIX
                + "\",\"IsOrganizationTrail\":false}]}";
        return answer(200, body);
    }

    private static CloudTrailClient.Answer answer(int status, String body) {
        return new CloudTrailClient.Answer(status, null, body.getBytes(UTF_8));
    }

    /** Makes the CloudTrail API record each call and give these answers in turn, the last one from then on. */
    private void serverAnswers(CloudTrailClient.Answer... answers) {
        api = (uri, request) -> {
            calls.add(request);
            return answers[Math.min(calls.size(), answers.length) - 1];
        };
    }

    /** The CloudTrail calls as the command makes them, to {@link #api}, without waiting between attempts. */
    private CloudTrailApi cloudTrail(URI endpoint, SigningCredentials credentials) {
        return new CloudTrailApi(new CloudTrailClient(endpoint, credentials, api, clock, d -> {}, "test"));
    }

    private CloudTrailApi cloudTrail() {
        return cloudTrail(URI.create("http://127.0.0.1:4566"), SigningCredentials.of("AKIDEXAMPLE", "secret"));
    }

    private int run(String... args) {
        ValidateLogsCommand.Context context = new ValidateLogsCommand.Context(
                env,
                clock,
                new PrintStream(stdout, true, UTF_8),
                new PrintStream(stderr, true, UTF_8),
                false,
                this::cloudTrail);
        CommandLine command = new CommandLine(new ValidateLogsCommand(context));
        command.setErr(new PrintWriter(new StringWriter()));
        return command.execute(args);
    }

    private SignedDigest digest(
            FolderObjectStore store,
            Instant start,
            List<LogFileEntry> listed,
            @Nullable DigestChain previous,
            SigningKey key) {
        Instant end = start.plus(Duration.ofHours(1));
        now.set(end);
        SignedDigest digest = DigestWriter.write(TARGET, start, end, listed, previous, key);
        store.put(digest.bucket(), digest.key(), digest.gzip(), digest.attributes());
        digests.add(digest);
        return digest;
    }

    private LogFileEntry log(FolderObjectStore store, String deliveredAt, String unique) {
        Instant at = Instant.parse(deliveredAt);
        now.set(at);
        String json = "{\"Records\":[{\"eventVersion\":\"1.09\",\"eventTime\":\"" + deliveredAt + "\"}]}";
        String key = LogFileKeys.logFileKey(PREFIX, ACCOUNT, REGION, at, unique);
        store.put(BUCKET, key, gzip(json), new ObjectAttributes("application/json", "gzip", Map.of()));
        LogFileEntry entry = LogFileEntry.of(BUCKET, key, json.getBytes(UTF_8), at, at);
        logs.add(entry);
        return entry;
    }

    private void replace(String key, byte[] content) {
        try (FolderObjectStore store = FolderObjectStore.open(data.resolve("buckets"), clock)) {
            store.put(BUCKET, key, content, store.head(BUCKET, key).attributes());
        }
    }

    private static String line(SignedDigest digest, String verdict) {
        return "Digest file\ts3://" + digest.bucket() + "/" + digest.key() + "\t" + verdict;
    }

    private static String line(LogFileEntry log, String verdict) {
        return "Log file\ts3://" + log.bucket() + "/" + log.key() + "\t" + verdict;
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
