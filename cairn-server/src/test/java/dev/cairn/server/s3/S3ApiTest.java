package dev.cairn.server.s3;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.bucket.ObjectStoreException;
import dev.cairn.event.AuditEvent;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.event.Resource;
import dev.cairn.identity.IdGenerator;
import dev.cairn.identity.IdentityDirectory;
import dev.cairn.journal.Journal;
import dev.cairn.journal.JournalException;
import dev.cairn.journal.JournalPosition;
import dev.cairn.journal.JournalReader;
import dev.cairn.journal.JournalRecord;
import dev.cairn.protocol.http.Headers;
import dev.cairn.protocol.http.HttpRequest;
import dev.cairn.protocol.http.HttpResponse;
import dev.cairn.protocol.json.JsonProtocol;
import dev.cairn.protocol.operation.OperationRegistry;
import dev.cairn.protocol.sigv4.SigV4Verifier;
import dev.cairn.server.AuthMode;
import dev.cairn.server.auth.Authenticator;
import dev.cairn.server.call.CallPipeline;
import dev.cairn.server.metrics.CallMetrics;
import dev.cairn.server.recording.DiskReserve;
import dev.cairn.testkit.bucket.InMemoryObjectStore;
import dev.cairn.testkit.journal.InMemoryJournal;
import dev.cairn.testkit.metadata.InMemoryMetadataStore;
import dev.cairn.testkit.time.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 API in open authentication mode, on the in-memory store and journal, request by request. */
class S3ApiTest {
    private static final String ACCOUNT = "123456789012";
    private static final String KEY_ID = "AKIAS3APITEST0000001";
    private static final String SIGNATURE = "0123456789abcdef".repeat(4);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryObjectStore store = new InMemoryObjectStore(clock);
    private final InMemoryJournal journal = new InMemoryJournal();
    private final InMemoryMetadataStore metadata = new InMemoryMetadataStore();
    private final IdentityDirectory directory = new IdentityDirectory(metadata, clock, new IdGenerator());

    private S3Api api(AuthMode mode) {
        return api(mode, journal, DiskReserve.none());
    }

    private S3Api api(AuthMode mode, Journal journal, DiskReserve reserve) {
        Authenticator authenticator = new Authenticator(new SigV4Verifier(clock), directory, mode, ACCOUNT, clock);
        return new S3Api(
                store,
                authenticator,
                directory,
                mode,
                journal,
                new SimpleMeterRegistry(),
                new CallMetrics(new SimpleMeterRegistry()),
                clock,
                1024 * 1024,
                100,
                ACCOUNT,
                reserve);
    }

    private final S3Api api = api(AuthMode.OPEN);

    private HttpResponse call(String method, String pathAndQuery, byte[] body, String... headers) {
        return callOn(api, method, pathAndQuery, body, headers);
    }

    private HttpResponse callOn(S3Api s3, String method, String pathAndQuery, byte[] body, String... headers) {
        int q = pathAndQuery.indexOf('?');
        Headers h = new Headers()
                .set("Host", "127.0.0.1:4566")
                .set("X-Amz-Date", "20261123T100000Z")
                .set("User-Agent", "aws-cli/1.45.11")
                .set(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=" + KEY_ID
                                + "/20261123/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature="
                                + SIGNATURE);
        for (int i = 0; i < headers.length; i += 2) {
            h.set(headers[i], headers[i + 1]);
        }
        HttpRequest request = new HttpRequest(
                method,
                q < 0 ? pathAndQuery : pathAndQuery.substring(0, q),
                q < 0 ? null : pathAndQuery.substring(q + 1),
                h,
                body,
                "192.0.2.7");
        return handle(s3, request);
    }

    private HttpResponse handle(S3Api s3, HttpRequest request) {
        Authenticator authenticator =
                new Authenticator(new SigV4Verifier(clock), directory, AuthMode.OPEN, ACCOUNT, clock);
        Authenticator.Parsed signed = authenticator.parse(request);
        assertThat(s3.claims(request, signed)).isTrue();
        return s3.handle(request, signed);
    }

    private HttpResponse call(String method, String pathAndQuery) {
        return call(method, pathAndQuery, new byte[0]);
    }

    private static String body(HttpResponse response) {
        return new String(response.body(), UTF_8);
    }

    private List<AuditEvent> events() {
        List<AuditEvent> events = new ArrayList<>();
        try (JournalReader reader = journal.reader(JournalPosition.beginning())) {
            for (JournalRecord record : reader.poll(10_000, Duration.ZERO)) {
                events.add(CloudTrailJson.parse(record.payload()));
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return events;
    }

    private AuditEvent lastEvent() {
        List<AuditEvent> events = events();
        return events.get(events.size() - 1);
    }

    private static JsonNode json(@Nullable Object raw) {
        try {
            return JsonProtocol.MAPPER.readTree(raw == null ? "null" : ((dev.cairn.event.RawJson) raw).json());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ---- buckets ------------------------------------------------------------------------------------------

    @Test
    void createdBucketIsListedWithItsLocation() {
        HttpResponse created = call("PUT", "/logs");
        HttpResponse listed = call("GET", "/");
        HttpResponse location = call("GET", "/logs?location");

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.headers().first("location")).isEqualTo("/logs");
        assertThat(created.headers().first("x-amz-request-id")).matches("[0-9A-F]{16}");
        assertThat(created.headers().first("x-amz-id-2")).isNotBlank();
        assertThat(body(listed)).contains("<Name>logs</Name>").contains("<BucketRegion>us-east-1</BucketRegion>");
        assertThat(body(location)).endsWith("<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>");
    }

    @Test
    void locationConstraintPicksTheRegion() {
        byte[] config =
                "<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>"
                        .getBytes(UTF_8);

        call("PUT", "/eu-logs", config);

        assertThat(body(call("GET", "/eu-logs?location"))).contains(">eu-west-1</LocationConstraint>");
        HttpResponse head = call("HEAD", "/eu-logs");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers().first("x-amz-bucket-region")).isEqualTo("eu-west-1");
        AuditEvent created = events().get(0);
        assertThat(created.awsRegion()).isEqualTo("eu-west-1");
        assertThat(json(created.requestParameters())
                        .path("CreateBucketConfiguration")
                        .path("LocationConstraint")
                        .asText())
                .isEqualTo("eu-west-1");
    }

    @Test
    void explicitUsEast1LocationIsRefusedAsS3Does() {
        HttpResponse response = call(
                "PUT",
                "/east",
                "<CreateBucketConfiguration><LocationConstraint>us-east-1</LocationConstraint></CreateBucketConfiguration>"
                        .getBytes(UTF_8));

        assertThat(response.status()).isEqualTo(400);
        assertThat(body(response)).contains("<Code>InvalidLocationConstraint</Code>");
    }

    @Test
    void bucketCreatedTwiceIsAlreadyOwnedByYou() {
        call("PUT", "/logs");

        HttpResponse again = call("PUT", "/logs");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.headers().first("content-type")).isEqualTo("application/xml");
        assertThat(body(again))
                .contains("<Code>BucketAlreadyOwnedByYou</Code>")
                .contains("<BucketName>logs</BucketName>")
                .contains("<RequestId>" + again.headers().first("x-amz-request-id") + "</RequestId>");
    }

    @Test
    void bucketOfAnotherAccountIsAlreadyTakenAndNotReadable() {
        store.createBucket("theirs", "999999999999", "us-east-1");

        assertThat(body(call("PUT", "/theirs"))).contains("<Code>BucketAlreadyExists</Code>");
        assertThat(call("GET", "/theirs").status()).isEqualTo(403);
        assertThat(body(call("GET", "/theirs/k"))).contains("<Code>AccessDenied</Code>");
        assertThat(body(call("GET", "/"))).doesNotContain("theirs");
    }

    @Test
    void invalidBucketNameIsRefusedAndRecorded() {
        HttpResponse response = call("PUT", "/Bad_Name");

        assertThat(response.status()).isEqualTo(400);
        assertThat(body(response))
                .contains("<Code>InvalidBucketName</Code>")
                .contains("<BucketName>Bad_Name</BucketName>");
        assertThat(lastEvent().errorCode()).isEqualTo("InvalidBucketName");
        assertThat(store.bucket("Bad_Name")).isEmpty();
    }

    @Test
    void nonEmptyBucketIsNotDeleted() {
        call("PUT", "/logs");
        call("PUT", "/logs/a", "x".getBytes(UTF_8));

        HttpResponse refused = call("DELETE", "/logs");
        call("DELETE", "/logs/a");
        HttpResponse deleted = call("DELETE", "/logs");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(body(refused)).contains("<Code>BucketNotEmpty</Code>");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(store.bucket("logs")).isEmpty();
    }

    @Test
    void missingBucketIsNoSuchBucketAndHeadHasNoBody() {
        HttpResponse get = call("GET", "/nothing/k");
        HttpResponse head = call("HEAD", "/nothing");

        assertThat(get.status()).isEqualTo(404);
        assertThat(body(get)).contains("<Code>NoSuchBucket</Code>").contains("<BucketName>nothing</BucketName>");
        assertThat(head.status()).isEqualTo(404);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().first("x-amz-request-id")).isNotBlank();
    }

    // ---- objects ------------------------------------------------------------------------------------------

    @Test
    void objectRoundTripsWithItsMetadataUnderAUrlDecodedKey() {
        call("PUT", "/logs");

        HttpResponse put = call(
                "PUT",
                "/logs/dir%20one/%E2%82%AC+x.json.gz",
                "hello".getBytes(UTF_8),
                "Content-Type",
                "application/json",
                "x-amz-meta-signature",
                "abc123",
                "x-amz-meta-signature-algorithm",
                "SHA256withRSA");
        HttpResponse get = call("GET", "/logs/dir%20one/%E2%82%AC+x.json.gz");
        HttpResponse head = call("HEAD", "/logs/dir%20one/%E2%82%AC+x.json.gz");

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.headers().first("etag")).isEqualTo("\"5d41402abc4b2a76b9719d911017c592\"");
        assertThat(store.get("logs", "dir one/€+x.json.gz").content()).isEqualTo("hello".getBytes(UTF_8));
        assertThat(get.status()).isEqualTo(200);
        assertThat(body(get)).isEqualTo("hello");
        assertThat(get.headers().first("content-type")).isEqualTo("application/json");
        assertThat(get.headers().first("x-amz-meta-signature")).isEqualTo("abc123");
        assertThat(get.headers().first("x-amz-meta-signature-algorithm")).isEqualTo("SHA256withRSA");
        assertThat(get.headers().first("last-modified")).isEqualTo("Mon, 23 Nov 2026 10:00:00 GMT");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().first("content-length")).isEqualTo("5");
        assertThat(head.headers().first("etag")).isEqualTo("\"5d41402abc4b2a76b9719d911017c592\"");
    }

    @Test
    void objectWithoutContentTypeIsBinaryOctetStream() {
        call("PUT", "/logs");
        call("PUT", "/logs/k", new byte[] {1, 2});

        assertThat(call("GET", "/logs/k").headers().first("content-type")).isEqualTo("binary/octet-stream");
    }

    @Test
    void missingKeyIsNoSuchKeyNamingTheKey() {
        call("PUT", "/logs");

        HttpResponse get = call("GET", "/logs/a%20b");
        HttpResponse head = call("HEAD", "/logs/a%20b");

        assertThat(get.status()).isEqualTo(404);
        assertThat(body(get)).contains("<Code>NoSuchKey</Code>").contains("<Key>a b</Key>");
        assertThat(head.status()).isEqualTo(404);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void rangeIsServedAsPartialContent() {
        call("PUT", "/logs");
        call("PUT", "/logs/k", "0123456789".getBytes(UTF_8));

        HttpResponse part = call("GET", "/logs/k", new byte[0], "Range", "bytes=2-4");
        HttpResponse tail = call("GET", "/logs/k", new byte[0], "Range", "bytes=-3");
        HttpResponse beyond = call("GET", "/logs/k", new byte[0], "Range", "bytes=20-");

        assertThat(part.status()).isEqualTo(206);
        assertThat(body(part)).isEqualTo("234");
        assertThat(part.headers().first("content-range")).isEqualTo("bytes 2-4/10");
        assertThat(body(tail)).isEqualTo("789");
        assertThat(beyond.status()).isEqualTo(416);
        assertThat(body(beyond)).contains("<Code>InvalidRange</Code>");
    }

    @Test
    void conditionsGiveNotModifiedAndPreconditionFailed() {
        call("PUT", "/logs");
        String etag = call("PUT", "/logs/k", "v".getBytes(UTF_8)).headers().first("etag");

        assertThat(call("GET", "/logs/k", new byte[0], "If-None-Match", etag).status())
                .isEqualTo(304);
        assertThat(call("GET", "/logs/k", new byte[0], "If-Match", "\"other\"").status())
                .isEqualTo(412);
        assertThat(call("GET", "/logs/k", new byte[0], "If-Match", etag).status())
                .isEqualTo(200);
    }

    @Test
    void bodyThatDoesNotMatchItsContentSha256IsRefused() {
        call("PUT", "/logs");

        HttpResponse response =
                call("PUT", "/logs/k", "tampered".getBytes(UTF_8), "x-amz-content-sha256", "0".repeat(64));

        assertThat(response.status()).isEqualTo(400);
        assertThat(body(response)).contains("<Code>XAmzContentSHA256Mismatch</Code>");
        assertThat(store.bucket("logs")).isPresent();
        assertThat(lastEvent().errorCode()).isEqualTo("XAmzContentSHA256Mismatch");
    }

    @Test
    void unsignedTrailerChecksumIsVerified() {
        call("PUT", "/logs");
        String[] headers = {
            "x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            "Content-Encoding", "aws-chunked",
            "x-amz-decoded-content-length", "5",
            "x-amz-trailer", "x-amz-checksum-crc32"
        };

        HttpResponse good = call(
                "PUT",
                "/logs/good",
                "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n".getBytes(US_ASCII),
                headers);
        HttpResponse bad = call(
                "PUT",
                "/logs/bad",
                "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n".getBytes(US_ASCII),
                headers);

        assertThat(good.status()).isEqualTo(200);
        assertThat(store.get("logs", "good").content()).isEqualTo("hello".getBytes(US_ASCII));
        assertThat(store.get("logs", "good").info().attributes().contentEncoding())
                .isNull();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(body(bad)).contains("<Code>BadDigest</Code>");
        assertThat(store.list("logs", dev.cairn.bucket.ListRequest.all()).objects())
                .extracting(dev.cairn.bucket.ObjectInfo::key)
                .containsExactly("good");
    }

    @Test
    void objectLargerThanTheLimitIsEntityTooLarge() {
        call("PUT", "/logs");

        HttpResponse response = call("PUT", "/logs/big", new byte[1024 * 1024 + 1]);

        assertThat(response.status()).isEqualTo(400);
        assertThat(body(response)).contains("<Code>EntityTooLarge</Code>");
    }

    // ---- listings -----------------------------------------------------------------------------------------

    private void putKeys(String... keys) {
        call("PUT", "/logs");
        for (String key : keys) {
            call("PUT", "/logs/" + key, key.getBytes(UTF_8));
        }
    }

    @Test
    void listObjectsV1PagesWithMarkerAndNextMarker() {
        putKeys("a", "b", "c");

        String first = body(call("GET", "/logs?max-keys=2&encoding-type=url"));
        String second = body(call("GET", "/logs?max-keys=2&marker=b&encoding-type=url"));

        assertThat(first)
                .contains("<Key>a</Key>")
                .contains("<Key>b</Key>")
                .contains("<IsTruncated>true</IsTruncated>")
                .contains("<NextMarker>b</NextMarker>");
        assertThat(second)
                .contains("<Marker>b</Marker>")
                .contains("<Key>c</Key>")
                .doesNotContain("<Key>a</Key>")
                .contains("<IsTruncated>false</IsTruncated>");
    }

    @Test
    void listObjectsV1RollsUpPrefixesUnderADelimiter() {
        putKeys("AWSLogs/1/x", "AWSLogs/2/y", "top");

        String xml = body(call("GET", "/logs?prefix=AWSLogs%2F&delimiter=%2F"));

        assertThat(xml)
                .contains("<Prefix>AWSLogs/</Prefix>")
                .contains("<CommonPrefixes><Prefix>AWSLogs/1/</Prefix></CommonPrefixes>")
                .contains("<CommonPrefixes><Prefix>AWSLogs/2/</Prefix></CommonPrefixes>")
                .doesNotContain("<Key>top</Key>");
    }

    @Test
    void listObjectsV2PagesWithContinuationTokens() {
        putKeys("k1", "k2", "k3");

        String first = body(call("GET", "/logs?list-type=2&max-keys=2"));
        String token = first.replaceAll("(?s).*<NextContinuationToken>([^<]+)</NextContinuationToken>.*", "$1");
        String second = body(call("GET", "/logs?list-type=2&max-keys=2&continuation-token=" + token));

        assertThat(first).contains("<KeyCount>2</KeyCount>").contains("<IsTruncated>true</IsTruncated>");
        assertThat(second)
                .contains("<Key>k3</Key>")
                .contains("<KeyCount>1</KeyCount>")
                .contains("<ContinuationToken>" + token + "</ContinuationToken>")
                .doesNotContain("<Key>k1</Key>");
        assertThat(body(call("GET", "/logs?list-type=2&continuation-token=bogus")))
                .contains("<Code>InvalidArgument</Code>");
    }

    @Test
    void listObjectsV2StartsAfterAndFetchesTheOwnerOnRequest() {
        putKeys("k1", "k2");

        String xml = body(call("GET", "/logs?list-type=2&start-after=k1&fetch-owner=true"));

        assertThat(xml)
                .contains("<Key>k2</Key>")
                .doesNotContain("<Key>k1</Key>")
                .contains("<Owner><ID>");
    }

    @Test
    void badMaxKeysIsAnInvalidArgument() {
        putKeys();

        assertThat(body(call("GET", "/logs?max-keys=ten"))).contains("<Code>InvalidArgument</Code>");
        assertThat(body(call("GET", "/logs?max-keys=0"))).contains("<IsTruncated>false</IsTruncated>");
    }

    // ---- routing ------------------------------------------------------------------------------------------

    @Test
    void virtualHostedStyleIsRefusedWithAClearMessage() {
        HttpResponse response = call("GET", "/k", new byte[0], "Host", "logs.s3.us-east-1.amazonaws.com");

        assertThat(response.status()).isEqualTo(400);
        assertThat(body(response)).contains("<Code>InvalidRequest</Code>").contains("path-style");
    }

    @Test
    void unservedOperationIsNotImplemented() {
        call("PUT", "/logs");

        HttpResponse multipart = call("POST", "/logs/k?uploads");
        HttpResponse acl = call("GET", "/logs?acl");

        assertThat(acl.status()).isEqualTo(501);
        assertThat(body(acl)).contains("<Code>NotImplemented</Code>").contains("'acl'");
        assertThat(multipart.status()).isEqualTo(501);
    }

    @Test
    void pipelineHandsS3ScopedRequestsToTheS3Api() {
        Authenticator authenticator =
                new Authenticator(new SigV4Verifier(clock), directory, AuthMode.OPEN, ACCOUNT, clock);
        CallPipeline pipeline = new CallPipeline(
                new OperationRegistry(),
                authenticator,
                call -> {},
                new dev.cairn.metadata.TransactionalMetadataStore(metadata),
                new CallMetrics(new SimpleMeterRegistry()),
                ACCOUNT,
                clock,
                List.of(api));
        Headers headers = new Headers()
                .set("Host", "127.0.0.1:4566")
                .set("X-Amz-Date", "20261123T100000Z")
                // A form content type would otherwise make this look like a query-protocol call.
                .set("Content-Type", "application/x-www-form-urlencoded")
                .set(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=" + KEY_ID
                                + "/20261123/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature="
                                + SIGNATURE);

        HttpResponse response = pipeline.handle(
                new HttpRequest("PUT", "/piped", null, headers, "Action=x".getBytes(UTF_8), "192.0.2.7"));

        assertThat(response.status()).isEqualTo(400); // the body is not a CreateBucketConfiguration
        assertThat(body(response)).contains("<Code>MalformedXML</Code>");
    }

    // ---- events -------------------------------------------------------------------------------------------

    @Test
    void bucketCallsAreManagementEvents() {
        call("PUT", "/logs");

        AuditEvent event = lastEvent();

        assertThat(event.eventSource()).isEqualTo("s3.amazonaws.com");
        assertThat(event.eventName()).isEqualTo("CreateBucket");
        assertThat(event.eventCategory()).isEqualTo("Management");
        assertThat(event.managementEvent()).isTrue();
        assertThat(event.readOnly()).isFalse();
        assertThat(event.userAgent()).isEqualTo("[aws-cli/1.45.11]");
        assertThat(event.sourceIPAddress()).isEqualTo("192.0.2.7");
        assertThat(event.recipientAccountId()).isEqualTo(ACCOUNT);
        assertThat(json(event.requestParameters()).toString())
                .isEqualTo("{\"bucketName\":\"logs\",\"Host\":\"127.0.0.1:4566\"}");
        assertThat(event.resources()).containsExactly(Resource.s3("arn:aws:s3:::logs", ACCOUNT, "AWS::S3::Bucket"));
        assertThat(serialized(event))
                .as("S3 writes a resource's ARN last")
                .contains("\"resources\":[{\"accountId\":\"" + ACCOUNT
                        + "\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::logs\"}]");
        assertThat(event.requestID()).matches("[0-9A-F]{16}");
    }

    @Test
    void listingABucketsObjectsIsADataEventNamingTheObjectsUnderTheBucket() {
        call("PUT", "/logs");
        call("GET", "/logs?prefix=a");
        AuditEvent v1 = lastEvent();
        call("GET", "/logs?list-type=2");
        AuditEvent v2 = lastEvent();

        assertThat(v1.eventName()).isEqualTo("ListObjects");
        assertThat(v2.eventName()).isEqualTo("ListObjectsV2");
        for (AuditEvent event : List.of(v1, v2)) {
            assertThat(event.eventCategory()).isEqualTo("Data");
            assertThat(event.managementEvent()).isFalse();
            assertThat(event.readOnly()).isTrue();
            assertThat(event.resources().getFirst().arnPrefix()).isEqualTo("arn:aws:s3:::logs/");
            assertThat(serialized(event))
                    .contains("\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARNPrefix\":\"arn:aws:s3:::logs/\"},"
                            + "{\"accountId\":\"" + ACCOUNT
                            + "\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::logs\"}]");
        }
    }

    @Test
    void objectCallsAreDataEventsNamingTheObjectAndItsBucket() {
        call("PUT", "/logs");
        HttpResponse put = call("PUT", "/logs/a%20b?x-id=PutObject", "hello".getBytes(UTF_8));
        call("GET", "/logs/a%20b");

        List<AuditEvent> events = events();
        AuditEvent written = events.get(1);
        AuditEvent read = events.get(2);

        assertThat(written.eventName()).isEqualTo("PutObject");
        assertThat(written.eventCategory()).isEqualTo("Data");
        assertThat(written.managementEvent()).isFalse();
        assertThat(written.readOnly()).isFalse();
        assertThat(written.requestID()).isEqualTo(put.headers().first("x-amz-request-id"));
        assertThat(json(written.requestParameters()).toString())
                .isEqualTo(
                        "{\"bucketName\":\"logs\",\"Host\":\"127.0.0.1:4566\",\"key\":\"a b\",\"x-id\":\"PutObject\"}");
        assertThat(written.resources())
                .containsExactly(
                        Resource.s3("arn:aws:s3:::logs/a b", null, "AWS::S3::Object"),
                        Resource.s3("arn:aws:s3:::logs", ACCOUNT, "AWS::S3::Bucket"));
        assertThat(serialized(written))
                .contains("\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::logs/a b\"},");
        assertThat(json(written.additionalEventData())
                        .path("bytesTransferredIn")
                        .asLong())
                .isEqualTo(5);
        assertThat(json(written.additionalEventData()).path("x-amz-id-2").asText())
                .isEqualTo(put.headers().first("x-amz-id-2"));
        assertThat(written.responseElements()).isNull();
        assertThat(read.eventName()).isEqualTo("GetObject");
        assertThat(read.readOnly()).isTrue();
        assertThat(read.eventCategory()).isEqualTo("Data");
        assertThat(json(read.additionalEventData()).path("bytesTransferredOut").asLong())
                .isEqualTo(5);
    }

    @Test
    void failedReadIsRecordedWithItsError() {
        call("PUT", "/logs");
        call("GET", "/logs/missing");

        AuditEvent event = lastEvent();

        assertThat(event.eventName()).isEqualTo("GetObject");
        assertThat(event.errorCode()).isEqualTo("NoSuchKey");
        assertThat(event.errorMessage()).isEqualTo("The specified key does not exist.");
    }

    // ---- fail-closed --------------------------------------------------------------------------------------

    @Test
    void objectIsNotStoredWhenItsEventCannotBeRecorded() {
        call("PUT", "/logs");
        journal.failAppends(true);

        HttpResponse put = call("PUT", "/logs/k", "v".getBytes(UTF_8));
        HttpResponse get = call("GET", "/logs/k");

        assertThat(put.status()).isEqualTo(503);
        assertThat(body(put)).contains("<Code>ServiceUnavailable</Code>");
        assertThat(get.status()).isEqualTo(503);
        journal.failAppends(false);
        assertThat(call("GET", "/logs/k").status()).isEqualTo(404);
    }

    @Test
    void deletedObjectStaysWhenItsEventCannotBeRecorded() {
        call("PUT", "/logs");
        call("PUT", "/logs/k", "v".getBytes(UTF_8));
        journal.failAppends(true);

        HttpResponse delete = call("DELETE", "/logs/k");

        journal.failAppends(false);
        assertThat(delete.status()).isEqualTo(503);
        assertThat(store.get("logs", "k").content()).isEqualTo("v".getBytes(UTF_8));
    }

    @Test
    void putThatFailsAfterItsEventIsRecordedAgainAsReverted() {
        call("PUT", "/logs");
        store.failWrites(true);

        HttpResponse put = call("PUT", "/logs/k", "v".getBytes(UTF_8));

        store.failWrites(false);
        List<AuditEvent> events = events();
        AuditEvent recorded = events.get(events.size() - 2);
        AuditEvent correction = events.get(events.size() - 1);
        assertThat(put.status()).isEqualTo(500);
        assertThat(body(put)).contains("<Code>InternalError</Code>");
        assertThat(recorded.errorCode()).isNull();
        assertThat(correction.errorCode()).isEqualTo("InternalError");
        assertThat(correction.eventCategory()).isEqualTo("Data");
        assertThat(json(correction.addendum()).path("originalEventID").asText()).isEqualTo(recorded.eventID());
        assertThat(catchStore(() -> store.get("logs", "k"))).isNotNull();
    }

    @Test
    void putWhoseCorrectionMeetsAFullDiskIsCorrectedInTheReleasedReserveAndLaterCallsWait(@TempDir Path data)
            throws Exception {
        call("PUT", "/logs");
        Path file = data.resolve(DiskReserve.FILE_NAME);
        Files.write(file, new byte[4096]); // a reserve written while there was room; there is none now
        DiskReserve reserve = DiskReserve.open(data, 4096, directory -> 0);
        assertThat(reserve.held()).isTrue();
        AtomicInteger appends = new AtomicInteger();
        // The disk is full after the PutObject's event: appends fail while the reserve file is there.
        Journal disk = (Journal) Proxy.newProxyInstance(
                Journal.class.getClassLoader(), new Class<?>[] {Journal.class}, (proxy, method, args) -> {
                    if (method.getName().equals("append") && appends.getAndIncrement() > 0 && Files.exists(file)) {
                        throw new JournalException("injected: No space left on device");
                    }
                    try {
                        return method.invoke(journal, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        S3Api full = api(AuthMode.OPEN, disk, reserve);
        store.failWrites(true);

        HttpResponse put = callOn(full, "PUT", "/logs/k", "v".getBytes(UTF_8));
        store.failWrites(false);
        HttpResponse get = callOn(full, "GET", "/logs/k", new byte[0]);

        assertThat(put.status()).isEqualTo(500);
        List<AuditEvent> events = events();
        assertThat(events.getLast().errorCode())
                .as("the correction, written once the reserve was released")
                .isEqualTo("InternalError");
        assertThat(events.getLast().requestID())
                .isEqualTo(events.get(events.size() - 2).requestID());
        assertThat(file).doesNotExist();
        assertThat(reserve.released()).isTrue();
        assertThat(get.status())
                .as("a call while the reserve is out and there is no room for it")
                .isEqualTo(503);
        assertThat(events()).hasSameSizeAs(events);
    }

    private static String serialized(AuditEvent event) {
        return new String(CloudTrailJson.serialize(event), UTF_8);
    }

    private static @Nullable ObjectStoreException catchStore(Runnable r) {
        try {
            r.run();
            return null;
        } catch (ObjectStoreException e) {
            return e;
        }
    }

    // ---- strict authentication ----------------------------------------------------------------------------

    /** AWS's documented chunked upload, signed with its example key, against a strict server at its time. */
    @Test
    void documentedStreamingUploadIsAcceptedWithStrictAuthentication() {
        clock.set(Instant.parse("2013-05-24T00:00:00Z"));
        directory.createUser("111122223333", "example", null);
        directory.importAccessKey(
                "111122223333", "example", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        store.createBucket("examplebucket", "111122223333", "us-east-1");
        S3Api strict = api(AuthMode.STRICT);

        HttpResponse accepted = handle(strict, documentedRequest(AwsChunkedTest.documentedBody()));
        byte[] tampered = AwsChunkedTest.documentedBody();
        tampered[66_000] = 'b';
        HttpResponse refused = handle(strict, documentedRequest(tampered));

        assertThat(accepted.status()).as(body(accepted)).isEqualTo(200);
        assertThat(store.get("examplebucket", "chunkObject.txt").content()).hasSize(66560);
        assertThat(store.get("examplebucket", "chunkObject.txt")
                        .info()
                        .attributes()
                        .contentEncoding())
                .isNull();
        assertThat(refused.status()).isEqualTo(403);
        assertThat(body(refused)).contains("<Code>SignatureDoesNotMatch</Code>");
        assertThat(store.get("examplebucket", "chunkObject.txt").content()).doesNotContain((byte) 'b');
    }

    @Test
    void wrongSignatureIsRefusedAndRecordedAsSignatureDoesNotMatch() {
        clock.set(Instant.parse("2013-05-24T00:00:00Z"));
        directory.createUser("111122223333", "example", null);
        directory.importAccessKey(
                "111122223333", "example", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        store.createBucket("examplebucket", "111122223333", "us-east-1");
        HttpRequest request = documentedRequest(AwsChunkedTest.documentedBody());
        request.headers().set("x-amz-storage-class", "STANDARD"); // a signed header, changed

        HttpResponse refused = handle(api(AuthMode.STRICT), request);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(body(refused)).contains("<Code>SignatureDoesNotMatch</Code>");
        AuditEvent event = lastEvent();
        assertThat(event.eventName()).isEqualTo("PutObject");
        assertThat(event.errorCode()).isEqualTo("SignatureDoesNotMatch");
        assertThat(event.eventCategory()).isEqualTo("Data");
    }

    private static HttpRequest documentedRequest(byte[] body) {
        Headers headers = new Headers()
                .set("Host", "s3.amazonaws.com")
                .set("x-amz-date", "20130524T000000Z")
                .set("x-amz-storage-class", "REDUCED_REDUNDANCY")
                .set(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                                + "SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
                                + "x-amz-decoded-content-length;x-amz-storage-class,"
                                + "Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9")
                .set("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
                .set("Content-Encoding", "aws-chunked")
                .set("x-amz-decoded-content-length", "66560")
                .set("Content-Length", "66824");
        return new HttpRequest("PUT", "/examplebucket/chunkObject.txt", null, headers, body, "192.0.2.7");
    }
}
