package dev.cairn.it;

import static dev.cairn.it.HistoryClients.lookupAll;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.event.AuditEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Cairn's S3 subset through real clients: the AWS SDK for Java v2 S3 client (path-style, its default
 * chunked, signed uploads with a CRC32 trailer), the aws CLI's {@code s3} commands and boto3. Objects land
 * as files under {@code <data>/buckets}; bucket calls are management events (in event history), object
 * calls data events (in the journal only).
 */
class S3ApiIT {
    private static final String ACCOUNT = "123456789012";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CairnProcess server;
    private static S3Client s3;
    private static CloudTrailClient trail;

    @BeforeAll
    static void startServer() {
        server = CairnProcess.start("S3ApiIT");
        s3 = s3(server.adminCredentials());
        trail = HistoryClients.cloudTrail(server);
    }

    @AfterAll
    static void stopServer() {
        for (AutoCloseable c : new AutoCloseable[] {trail, s3, server}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }

    private static S3Client s3(AwsCredentials credentials) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(
                        o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }

    // ---- AWS SDK for Java v2 ------------------------------------------------------------------------------

    @Test
    void sdkPutsGetsHeadsAndDeletesAnObjectWithMetadata() {
        s3.createBucket(r -> r.bucket("sdk-objects"));

        PutObjectResponse put = s3.putObject(
                r -> r.bucket("sdk-objects")
                        .key("dir/hello.txt")
                        .contentType("text/plain")
                        .metadata(Map.of("signature", "abc123", "signature-algorithm", "SHA256withRSA")),
                RequestBody.fromString("hello world"));
        ResponseBytes<GetObjectResponse> got =
                s3.getObjectAsBytes(r -> r.bucket("sdk-objects").key("dir/hello.txt"));
        HeadObjectResponse head = s3.headObject(r -> r.bucket("sdk-objects").key("dir/hello.txt"));
        s3.deleteObject(r -> r.bucket("sdk-objects").key("dir/hello.txt"));
        NoSuchKeyException gone = catchThrowableOfType(
                NoSuchKeyException.class,
                () -> s3.headObject(r -> r.bucket("sdk-objects").key("dir/hello.txt")));

        assertThat(put.eTag()).isEqualTo("\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");
        assertThat(got.asUtf8String()).isEqualTo("hello world");
        assertThat(got.response().contentType()).isEqualTo("text/plain");
        assertThat(got.response().metadata())
                .containsEntry("signature", "abc123")
                .containsEntry("signature-algorithm", "SHA256withRSA");
        assertThat(head.contentLength()).isEqualTo(11);
        assertThat(head.eTag()).isEqualTo(put.eTag());
        assertThat(head.lastModified()).isNotNull();
        assertThat(gone.statusCode()).isEqualTo(404);
    }

    @Test
    void sdkUploadUsesSignedAwsChunkedEncodingByDefault() {
        s3.createBucket(r -> r.bucket("sdk-chunked"));
        byte[] content = new byte[300_000]; // more than one chunk of the SDK's default 128 KiB
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }

        s3.putObject(r -> r.bucket("sdk-chunked").key("big.bin"), RequestBody.fromBytes(content));

        assertThat(s3.getObjectAsBytes(r -> r.bucket("sdk-chunked").key("big.bin"))
                        .asByteArray())
                .isEqualTo(content);
        AuditEvent put = journalEvents().stream()
                .filter(e -> "PutObject".equals(e.eventName())
                        && requestParameter(e, "bucketName").equals("sdk-chunked"))
                .findFirst()
                .orElseThrow();
        // More bytes arrived than the object has: the SDK framed them as aws-chunked with chunk signatures.
        assertThat(additional(put, "bytesTransferredIn")).isGreaterThan(content.length);
    }

    @Test
    void objectLandsAsAFileUnderTheBucketsFolder() throws IOException {
        s3.createBucket(r -> r.bucket("sdk-files"));

        s3.putObject(r -> r.bucket("sdk-files").key("AWSLogs/x/file.json"), RequestBody.fromString("{\"a\":1}"));

        Path file = server.dataDirectory().resolve("buckets/sdk-files/AWSLogs/x/file.json");
        assertThat(Files.readString(file, UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void sdkListsV1AndV2WithPrefixDelimiterAndPages() {
        s3.createBucket(r -> r.bucket("sdk-lists"));
        List<String> keys = List.of("a/1", "a/2", "a/3", "b/1", "top");
        for (String key : keys) {
            s3.putObject(r -> r.bucket("sdk-lists").key(key), RequestBody.fromString(key));
        }

        List<String> v2 = s3.listObjectsV2Paginator(r -> r.bucket("sdk-lists").maxKeys(2)).contents().stream()
                .map(S3Object::key)
                .toList();
        List<String> v1 = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String from = marker;
            ListObjectsResponse page =
                    s3.listObjects(r -> r.bucket("sdk-lists").maxKeys(2).marker(from));
            page.contents().forEach(o -> v1.add(o.key()));
            marker = page.isTruncated() ? page.nextMarker() : null;
            pages++;
        } while (marker != null);
        ListObjectsResponse rolledUp = s3.listObjects(r -> r.bucket("sdk-lists").delimiter("/"));
        List<String> underA = s3.listObjectsV2(r -> r.bucket("sdk-lists").prefix("a/")).contents().stream()
                .map(S3Object::key)
                .toList();

        assertThat(v2).containsExactlyElementsOf(keys);
        assertThat(v1).containsExactlyElementsOf(keys);
        assertThat(pages).isEqualTo(3);
        assertThat(rolledUp.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a/", "b/");
        assertThat(rolledUp.contents()).extracting(S3Object::key).containsExactly("top");
        assertThat(underA).containsExactly("a/1", "a/2", "a/3");
    }

    @Test
    void sdkGetsTheBucketLocation() {
        s3.createBucket(r -> r.bucket("sdk-east"));
        s3.createBucket(r -> r.bucket("sdk-west")
                .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));

        assertThat(s3.getBucketLocation(r -> r.bucket("sdk-east")).locationConstraintAsString())
                .isNullOrEmpty();
        assertThat(s3.getBucketLocation(r -> r.bucket("sdk-west")).locationConstraint())
                .isEqualTo(BucketLocationConstraint.EU_WEST_1);
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("sdk-east", "sdk-west");
    }

    @Test
    void sdkSeesS3Errors() {
        s3.createBucket(r -> r.bucket("sdk-errors"));
        s3.putObject(r -> r.bucket("sdk-errors").key("k"), RequestBody.fromString("v"));

        NoSuchKeyException noKey = catchThrowableOfType(
                NoSuchKeyException.class,
                () -> s3.getObject(r -> r.bucket("sdk-errors").key("missing")));
        NoSuchBucketException noBucket = catchThrowableOfType(
                NoSuchBucketException.class,
                () -> s3.getObject(r -> r.bucket("sdk-nothing").key("k")));
        S3Exception notEmpty =
                catchThrowableOfType(S3Exception.class, () -> s3.deleteBucket(r -> r.bucket("sdk-errors")));
        // The SDK itself refuses upper case and underscores; a reserved prefix passes it and S3 refuses it.
        S3Exception badName =
                catchThrowableOfType(S3Exception.class, () -> s3.createBucket(r -> r.bucket("xn--cairn-bucket")));
        S3Exception owned = catchThrowableOfType(S3Exception.class, () -> s3.createBucket(r -> r.bucket("sdk-errors")));

        assertThat(noKey.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
        assertThat(noKey.statusCode()).isEqualTo(404);
        assertThat(noBucket.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket");
        assertThat(notEmpty.statusCode()).isEqualTo(409);
        assertThat(notEmpty.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.awsErrorDetails().errorCode()).isEqualTo("InvalidBucketName");
        assertThat(owned.statusCode()).isEqualTo(409);
        assertThat(owned.awsErrorDetails().errorCode()).isEqualTo("BucketAlreadyOwnedByYou");
        assertThat(noKey.requestId()).matches("[0-9A-F]{16}");
    }

    @Test
    void wrongSecretIsSignatureDoesNotMatch() {
        AwsBasicCredentials admin = server.adminCredentials();
        try (S3Client wrong = s3(AwsBasicCredentials.create(admin.accessKeyId(), "x" + admin.secretAccessKey()))) {
            S3Exception e = catchThrowableOfType(S3Exception.class, wrong::listBuckets);

            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
        }
    }

    @Test
    void presignedGetServesTheObject() throws Exception {
        s3.createBucket(r -> r.bucket("sdk-presigned"));
        s3.putObject(r -> r.bucket("sdk-presigned").key("a b.txt"), RequestBody.fromString("shared"));
        URI url;
        try (S3Presigner presigner = S3Presigner.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(server.adminCredentials()))
                .build()) {
            url = presigner
                    .presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                            .getObjectRequest(g -> g.bucket("sdk-presigned").key("a b.txt")))
                    .url()
                    .toURI();
        }

        // java.net.http's default: HTTP/2 by an h2c upgrade, where the host travels as :authority.
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> tampered = http.send(
                HttpRequest.newBuilder(URI.create(url.toString().replace("a%20b.txt", "other.txt")))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("shared");
        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(tampered.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    @Test
    void bodyDeclaredAboveTheRequestLimitIsEntityTooLarge() throws IOException {
        String request = "PUT /sdk-big/object HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n"
                + "X-Amz-Date: 20260101T000000Z\r\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260101/us-east-1/s3/aws4_request,"
                + " SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64) + "\r\n"
                + "Content-Length: 50000000\r\n\r\n";
        String answer;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(UTF_8));
            socket.getOutputStream().flush();
            answer = new String(socket.getInputStream().readAllBytes(), UTF_8);
        }

        assertThat(answer).startsWith("HTTP/1.1 400").contains("<Code>EntityTooLarge</Code>");
    }

    // ---- events -------------------------------------------------------------------------------------------

    @Test
    void createBucketIsInEventHistoryAndPutObjectOnlyInTheJournal() {
        s3.createBucket(r -> r.bucket("sdk-events"));
        PutObjectResponse put = s3.putObject(r -> r.bucket("sdk-events").key("k.txt"), RequestBody.fromString("v"));

        List<Event> created = lookupAll(trail, LookupAttributeKey.RESOURCE_NAME, "sdk-events");
        List<Event> s3History = lookupAll(trail, LookupAttributeKey.EVENT_SOURCE, "s3.amazonaws.com");

        assertThat(created).extracting(Event::eventName).contains("CreateBucket");
        assertThat(s3History).extracting(Event::eventName).doesNotContain("PutObject", "GetObject");
        AuditEvent recorded = journalEvents().stream()
                .filter(e -> "PutObject".equals(e.eventName())
                        && requestParameter(e, "bucketName").equals("sdk-events"))
                .findFirst()
                .orElseThrow();
        assertThat(recorded.eventCategory()).isEqualTo("Data");
        assertThat(recorded.managementEvent()).isFalse();
        assertThat(recorded.readOnly()).isFalse();
        assertThat(recorded.recipientAccountId()).isEqualTo(ACCOUNT);
        assertThat(requestParameter(recorded, "key")).isEqualTo("k.txt");
        assertThat(recorded.resources())
                .extracting(r -> r.arn())
                .containsExactly("arn:aws:s3:::sdk-events/k.txt", "arn:aws:s3:::sdk-events");
        assertThat(recorded.userIdentity().arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/admin");
        assertThat(recorded.requestID()).isEqualTo(put.responseMetadata().requestId());
    }

    private static List<AuditEvent> journalEvents() {
        Path data = server.dataDirectory();
        Path copy = data.resolveSibling(data.getFileName() + "-journal-copy-" + System.nanoTime());
        return JournalScan.read(data.resolve("journal"), copy).events();
    }

    private static String requestParameter(AuditEvent event, String name) {
        return parse(
                        event.requestParameters() == null
                                ? "null"
                                : event.requestParameters().json())
                .path(name)
                .asText();
    }

    private static long additional(AuditEvent event, String name) {
        return parse(
                        event.additionalEventData() == null
                                ? "null"
                                : event.additionalEventData().json())
                .path(name)
                .asLong();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- aws CLI and boto3 --------------------------------------------------------------------------------

    @Test
    void awsCliMakesCopiesListsAndRemoves() throws IOException {
        assumeTrue(AwsCommand.available(), "the aws CLI is not on the PATH");
        Path dir = Files.createTempDirectory(server.dataDirectory().getParent(), "s3-cli");
        Path upload = Files.writeString(dir.resolve("report.txt"), "line one\nline two\n", UTF_8);
        Path download = dir.resolve("downloaded.txt");

        AwsCommand.Result made = AwsCommand.run(server, "s3", "mb", "s3://cli-bucket");
        AwsCommand.Result copied =
                AwsCommand.run(server, "s3", "cp", upload.toString(), "s3://cli-bucket/dir/report.txt");
        AwsCommand.Result listed = AwsCommand.run(server, "s3", "ls", "s3://cli-bucket", "--recursive");
        AwsCommand.Result fetched =
                AwsCommand.run(server, "s3", "cp", "s3://cli-bucket/dir/report.txt", download.toString());
        AwsCommand.Result removed = AwsCommand.run(server, "s3", "rm", "s3://cli-bucket/dir/report.txt");
        AwsCommand.Result empty = AwsCommand.run(server, "s3", "ls", "s3://cli-bucket", "--recursive");
        AwsCommand.Result buckets = AwsCommand.run(server, "s3", "ls");

        assertThat(made.exitCode()).as("%s", made).isZero();
        assertThat(made.stdout()).contains("make_bucket: cli-bucket");
        assertThat(copied.exitCode()).as("%s", copied).isZero();
        assertThat(listed.exitCode()).as("%s", listed).isZero();
        assertThat(listed.stdout()).contains("18 dir/report.txt");
        assertThat(fetched.exitCode()).as("%s", fetched).isZero();
        assertThat(Files.readString(download, UTF_8)).isEqualTo("line one\nline two\n");
        assertThat(removed.exitCode()).as("%s", removed).isZero();
        assertThat(removed.stdout()).contains("delete: s3://cli-bucket/dir/report.txt");
        assertThat(empty.stdout()).doesNotContain("report.txt");
        assertThat(buckets.stdout()).contains("cli-bucket");
    }

    @Test
    void boto3RoundTripsAKeyWithSpacesAndUnicodeAndPagesAsValidateLogsDoes() {
        assumeTrue(AwsCommand.available(), "the aws CLI (and so botocore) is not on the PATH");
        String script = String.join(
                "\n",
                "import sys, boto3",
                "from urllib.parse import unquote_plus",
                "s3 = boto3.client('s3', endpoint_url=sys.argv[1])",
                "key = 'folder/a key with spaces + plus \u00e9 \u65e5\u672c.txt'",
                "s3.create_bucket(Bucket='boto-bucket')",
                "s3.put_object(Bucket='boto-bucket', Key=key, Body=b'boto body', Metadata={'signature': 'xyz'})",
                "listed = s3.list_objects(Bucket='boto-bucket', Prefix='folder/', EncodingType='url')",
                "raw = [o['Key'] for o in listed['Contents']]",
                "assert listed['EncodingType'] == 'url', listed",
                "assert [unquote_plus(k) for k in raw] == [key], raw",
                "assert raw != [key], raw",
                "auto = s3.list_objects(Bucket='boto-bucket', Prefix='folder/')",
                "assert [o['Key'] for o in auto['Contents']] == [key], auto",
                "got = s3.get_object(Bucket='boto-bucket', Key=key)",
                "assert got['Body'].read() == b'boto body'",
                "assert got['Metadata'] == {'signature': 'xyz'}, got['Metadata']",
                // What validate-logs does: the bucket's location, then ListObjects v1 pages from a marker.
                "assert s3.get_bucket_location(Bucket='boto-bucket')['LocationConstraint'] is None",
                "for i in range(3):",
                "    s3.put_object(Bucket='boto-bucket', Key='digest/%d x.json.gz' % i, Body=b'd')",
                "pages = s3.get_paginator('list_objects').paginate(",
                "    Bucket='boto-bucket', Prefix='digest/', Marker='digest/0 x.json.gz',",
                "    PaginationConfig={'PageSize': 1})",
                "keys = [o['Key'] for page in pages for o in page.get('Contents', [])]",
                "assert keys == ['digest/1 x.json.gz', 'digest/2 x.json.gz'], keys",
                "try:",
                "    s3.get_object(Bucket='boto-bucket', Key='digest/missing')",
                "    raise SystemExit('no error for a missing key')",
                "except s3.exceptions.NoSuchKey as e:",
                "    assert e.response['Error']['Code'] == 'NoSuchKey'",
                "print('ok', raw[0])");

        ProcessResult result = python(script);

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.stdout()).startsWith("ok folder/a+key+with+spaces+%2B+plus+%C3%A9+");
    }

    /** The outcome of a finished python3 run. */
    record ProcessResult(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private static ProcessResult python(String script) {
        ProcessBuilder builder =
                new ProcessBuilder("python3", "-c", script, server.endpoint().toString());
        builder.environment().keySet().removeIf(key -> key.startsWith("AWS_"));
        builder.environment()
                .put("AWS_SHARED_CREDENTIALS_FILE", server.credentialsFile().toString());
        builder.environment().put("AWS_PROFILE", "cairn");
        builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        builder.environment()
                .put(
                        "AWS_CONFIG_FILE",
                        server.dataDirectory()
                                .resolveSibling("empty-aws-config")
                                .toString());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("python3 did not finish within 60 s");
            }
            return new ProcessResult(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run python3", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running python3", e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
