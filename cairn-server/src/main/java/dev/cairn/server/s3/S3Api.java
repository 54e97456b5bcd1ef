package dev.cairn.server.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.cairn.bucket.Bucket;
import dev.cairn.bucket.BucketNames;
import dev.cairn.bucket.ListRequest;
import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.bucket.ObjectInfo;
import dev.cairn.bucket.ObjectKeys;
import dev.cairn.bucket.ObjectListing;
import dev.cairn.bucket.ObjectStore;
import dev.cairn.bucket.ObjectStoreException;
import dev.cairn.bucket.StoredObject;
import dev.cairn.event.AuditEvent;
import dev.cairn.identity.IdentityDirectory;
import dev.cairn.journal.Journal;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.http.Headers;
import dev.cairn.protocol.http.HttpRequest;
import dev.cairn.protocol.http.HttpResponse;
import dev.cairn.protocol.operation.Protocol;
import dev.cairn.protocol.sigv4.SigV4Credential;
import dev.cairn.server.AuthMode;
import dev.cairn.server.auth.Authenticator;
import dev.cairn.server.call.CallPipeline;
import dev.cairn.server.metrics.CallMetrics;
import dev.cairn.server.recording.DiskReserve;
import dev.cairn.server.recording.RejectedCall;
import dev.cairn.time.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3-compatible API: every request whose SigV4 scope names the service {@code s3}, path-style
 * ({@code /bucket} and {@code /bucket/key}), answered from an {@link ObjectStore}. It serves CreateBucket,
 * HeadBucket, ListBuckets, DeleteBucket, GetBucketLocation, ListObjects (v1 and v2), PutObject, GetObject,
 * HeadObject and DeleteObject, with {@code x-amz-meta-*} metadata and S3's XML errors; other S3 operations
 * get {@code NotImplemented}.
 *
 * <p>Notes. Authentication is the shared {@link Authenticator}'s; this class adds what is S3's own: the
 * payload (an {@code x-amz-content-sha256} hash must match the body, {@code aws-chunked} bodies are decoded
 * and their chunk signatures and trailing checksums checked, {@code Content-MD5} and
 * {@code x-amz-checksum-*} are checked) and S3's error codes. Every call that passed authentication is
 * recorded (see {@link S3Recorder}). A call that changes something (CreateBucket, DeleteBucket, PutObject,
 * DeleteObject) first checks what it can (the bucket exists and is the caller's, the name is valid), then
 * records its event, and only then changes the store: the change is never visible without its event. If
 * the change then fails after all, the call gets the store's error and a correction of the event is
 * recorded (an {@code addendum}, as for metadata commits). A call whose event cannot be recorded fails with
 * 503 and changes nothing (docs/decisions/0004-s3-data-events.md).
 */
public final class S3Api implements CallPipeline.OwnService {
    private static final Logger log = LoggerFactory.getLogger(S3Api.class);

    private static final String XML = "application/xml";
    private static final int MAX_METADATA_BYTES = 2048;
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
    private static final String CONTINUATION_PREFIX = "c";

    private final ObjectStore store;
    private final Authenticator authenticator;
    private final S3Payload payload;
    private final S3Recorder recorder;
    private final CallMetrics metrics;
    private final Clock clock;
    private final String defaultAccountId;

    /**
     * Creates the API.
     *
     * @param directory where the secret of a key is found, to check chunk signatures
     * @param mode the authentication mode; in open mode chunk signatures are not checked either
     * @param journal where the calls' events are appended
     * @param maxObjectBytes the largest object PutObject stores (the server's request limit)
     * @param rejectedEventsPerSecond how many calls refused at authentication are recorded a second at most
     * @param defaultAccountId the account that calls with an unknown key are recorded in
     * @param reserve the disk reserve shared with the other services' recorder, released for corrections
     */
    public S3Api(
            ObjectStore store,
            Authenticator authenticator,
            IdentityDirectory directory,
            AuthMode mode,
            Journal journal,
            MeterRegistry meters,
            CallMetrics metrics,
            Clock clock,
            long maxObjectBytes,
            int rejectedEventsPerSecond,
            String defaultAccountId,
            DiskReserve reserve) {
        this.store = requireNonNull(store, "store is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.defaultAccountId = requireNonNull(defaultAccountId, "defaultAccountId is null");
        if (maxObjectBytes < 1) {
            throw new IllegalArgumentException("maxObjectBytes " + maxObjectBytes + " must be positive");
        }
        this.payload = new S3Payload(directory, mode, maxObjectBytes);
        this.recorder = new S3Recorder(journal, clock, meters, rejectedEventsPerSecond, reserve);
    }

    /**
     * Returns whether this API answers {@code request}: when its SigV4 scope names the service {@code s3}
     * (the Authorization header's credential or a presigned {@code X-Amz-Credential}), even if the rest of
     * its signature is malformed.
     */
    @Override
    public boolean claims(HttpRequest request, Authenticator.Parsed signed) {
        SigV4Credential credential = signed.credential();
        if (credential != null) {
            return credential.service().equals("s3");
        }
        return S3Edge.signedForS3(request.headers().first("authorization"), request.rawQuery());
    }

    /** Answers one S3 request; never throws, every failure is an S3 error document (none for HEAD). */
    @Override
    public HttpResponse handle(HttpRequest request, Authenticator.Parsed signed) {
        String requestId = requestId();
        String hostId = hostId();
        long started = clock.monotonicNanos();
        Instant received = clock.now();
        boolean head = request.method().equals("HEAD");
        String operationName = "-";
        try {
            S3Route route = S3Route.of(request);
            S3Operation operation = route.operation();
            operationName = operation.eventName();
            Authenticator.Authenticated auth = authenticate(request, signed, operation, requestId);
            SigV4Credential credential = auth.credential();
            S3Call call = new S3Call(
                    requestId,
                    hostId,
                    operation,
                    auth.caller(),
                    credential.region(),
                    received,
                    request.remoteAddress(),
                    request.headers().first("user-agent"),
                    route.bucket(),
                    route.key(),
                    credential.presigned(),
                    request.body().length);
            requestParameters(call, request, route);
            byte[] content;
            try {
                content = payload.content(request, credential);
            } catch (S3Exception e) {
                recorder.record(call, e);
                throw e;
            }
            HttpResponse response = execute(call, request, route, content);
            metrics.record("s3", operationName, response.status(), clock.monotonicNanos() - started);
            response.headers().set("x-amz-request-id", requestId).set("x-amz-id-2", hostId);
            return response;
        } catch (AwsException e) {
            S3Exception error = S3Exception.of(e);
            metrics.record("s3", operationName, error.httpStatus(), clock.monotonicNanos() - started);
            return errorResponse(error, head, requestId, hostId);
        } catch (RuntimeException e) {
            log.error("S3 request {} failed unexpectedly", requestId, e);
            metrics.record("s3", operationName, 500, clock.monotonicNanos() - started);
            return errorResponse(S3Error.INTERNAL_ERROR.exception(), head, requestId, hostId);
        }
    }

    // ---- authentication and payload ---------------------------------------------------------------------

    private Authenticator.Authenticated authenticate(
            HttpRequest request, Authenticator.Parsed signed, S3Operation operation, String requestId) {
        try {
            return authenticator.authenticate(signed, Protocol.QUERY);
        } catch (AwsException e) {
            SigV4Credential credential = signed.credential();
            S3Exception error = authError(e, credential != null && credential.presigned());
            if (credential != null) {
                recorder.rejected(
                        new RejectedCall(
                                requestId,
                                S3Recorder.SERVICE,
                                operation.eventName(),
                                credential.accessKeyId(),
                                authenticator.ownerOf(credential.accessKeyId()).orElse(null),
                                defaultAccountId,
                                credential.region(),
                                request.remoteAddress(),
                                request.headers().first("user-agent"),
                                error),
                        operation);
            }
            throw error;
        }
    }

    /** Maps an authentication failure, as the query protocol words it, to S3's code for it. */
    static S3Exception authError(AwsException e, boolean presigned) {
        String message = e.getMessage();
        return switch (e.code()) {
            case "MissingAuthenticationToken" -> S3Error.ACCESS_DENIED.withDetail(message);
            case "IncompleteSignature", "MalformedQueryString" ->
                S3Exception.of(
                        presigned ? "AuthorizationQueryParametersError" : "AuthorizationHeaderMalformed", 400, message);
            case "InvalidClientTokenId" -> S3Error.INVALID_ACCESS_KEY_ID.exception();
            case "SignatureDoesNotMatch" ->
                message.startsWith("Signature expired") || message.startsWith("Signature not yet current")
                        ? S3Error.REQUEST_TIME_TOO_SKEWED.withDetail(
                                S3Error.REQUEST_TIME_TOO_SKEWED.message() + " " + message)
                        : S3Error.SIGNATURE_DOES_NOT_MATCH.withDetail(message);
            case "RequestExpired" -> S3Error.REQUEST_EXPIRED.withDetail(message);
            case "ExpiredToken" -> S3Error.EXPIRED_TOKEN.exception();
            case "XAmzContentSHA256Mismatch" -> S3Error.X_AMZ_CONTENT_SHA256_MISMATCH.withDetail(message);
            default -> S3Exception.of(e);
        };
    }

    // ---- recording ----------------------------------------------------------------------------------------

    /** The request parameters S3 records: bucketName, Host, key, then the query, without SigV4's own. */
    private static void requestParameters(S3Call call, HttpRequest request, S3Route route) {
        if (call.bucket != null) {
            call.requestParameters.put("bucketName", call.bucket);
        }
        String host = request.headers().first("host");
        call.requestParameters.put("Host", host == null ? "" : host);
        if (call.key != null) {
            call.requestParameters.put("key", call.key);
        }
        route.query().forEach((name, value) -> {
            if (!name.startsWith("X-Amz-")) {
                call.requestParameters.put(name, value);
            }
        });
    }

    /** Runs a read-only operation, then records it, ended as it ended; a call not recorded fails with 503. */
    private HttpResponse read(S3Call call, Supplier<HttpResponse> operation) {
        HttpResponse response = null;
        AwsException error = null;
        try {
            response = operation.get();
        } catch (S3Exception e) {
            error = e;
        } catch (ObjectStoreException e) {
            error = translate(e, call);
        } catch (RuntimeException e) {
            log.error("S3 request {} ({}) failed unexpectedly", call.requestId, call.operation, e);
            error = S3Error.INTERNAL_ERROR.exception();
        }
        recorder.record(call, error);
        if (error != null) {
            throw error;
        }
        return requireNonNull(response);
    }

    /**
     * Runs a change: its checks, then its event (durable), then the change itself; a change that fails after
     * its event was recorded is recorded again as reverted.
     */
    private HttpResponse change(S3Call call, Runnable checks, Supplier<HttpResponse> change) {
        try {
            checks.run();
        } catch (S3Exception e) {
            recorder.record(call, e);
            throw e;
        } catch (ObjectStoreException e) {
            S3Exception error = translate(e, call);
            recorder.record(call, error);
            throw error;
        }
        AuditEvent event = recorder.record(call, null);
        try {
            return change.get();
        } catch (ObjectStoreException e) {
            S3Exception error = translate(e, call);
            recorder.reverted(event, error);
            throw error;
        } catch (S3Exception e) {
            recorder.reverted(event, e);
            throw e;
        } catch (RuntimeException e) {
            log.error(
                    "S3 request {} ({}) failed unexpectedly after it was recorded", call.requestId, call.operation, e);
            S3Exception error = S3Error.INTERNAL_ERROR.exception();
            recorder.reverted(event, error);
            throw error;
        }
    }

    private static S3Exception translate(ObjectStoreException e, S3Call call) {
        String bucket = call.bucket == null ? "" : call.bucket;
        return switch (e.error()) {
            case NO_SUCH_BUCKET -> S3Error.NO_SUCH_BUCKET.forBucket(bucket);
            case NO_SUCH_KEY -> S3Error.NO_SUCH_KEY.forKey(bucket, call.key == null ? "" : call.key);
            case BUCKET_ALREADY_EXISTS -> S3Error.BUCKET_ALREADY_EXISTS.forBucket(bucket);
            case BUCKET_ALREADY_OWNED_BY_YOU -> S3Error.BUCKET_ALREADY_OWNED_BY_YOU.forBucket(bucket);
            case BUCKET_NOT_EMPTY -> S3Error.BUCKET_NOT_EMPTY.forBucket(bucket);
            case INVALID_BUCKET_NAME -> S3Error.INVALID_BUCKET_NAME.forBucket(bucket);
            case ACCESS_DENIED -> S3Error.ACCESS_DENIED.exception();
            case INTERNAL_ERROR -> {
                log.error("S3 request {} ({}): the object store failed", call.requestId, call.operation, e);
                yield S3Error.INTERNAL_ERROR.exception();
            }
        };
    }

    // ---- operations ---------------------------------------------------------------------------------------

    private HttpResponse execute(S3Call call, HttpRequest request, S3Route route, byte[] content) {
        return switch (call.operation) {
            case LIST_BUCKETS -> read(call, () -> listBuckets(call));
            case HEAD_BUCKET -> read(call, () -> headBucket(call));
            case GET_BUCKET_LOCATION -> read(call, () -> bucketLocation(call));
            case LIST_OBJECTS -> read(call, () -> listObjects(call, route.query()));
            case LIST_OBJECTS_V2 -> read(call, () -> listObjectsV2(call, route.query()));
            case GET_OBJECT -> read(call, () -> getObject(call, route, request, false));
            case HEAD_OBJECT -> read(call, () -> getObject(call, route, request, true));
            case CREATE_BUCKET -> createBucket(call, content);
            case DELETE_BUCKET -> deleteBucket(call);
            case PUT_OBJECT -> putObject(call, request, content);
            case DELETE_OBJECT -> deleteObject(call);
        };
    }

    /** Returns the caller's bucket named in the call, noting its region and owner for the event. */
    private Bucket ownedBucket(S3Call call) {
        String name = requireNonNull(call.bucket);
        Bucket bucket = store.bucket(name).orElseThrow(() -> S3Error.NO_SUCH_BUCKET.forBucket(name));
        call.region = bucket.region();
        call.bucketOwner = bucket.ownerAccountId();
        if (!bucket.ownerAccountId().equals(call.caller.accountId())) {
            throw S3Error.ACCESS_DENIED.exception();
        }
        return bucket;
    }

    private HttpResponse listBuckets(S3Call call) {
        String account = call.caller.accountId();
        List<Bucket> owned = store.buckets().stream()
                .filter(b -> b.ownerAccountId().equals(account))
                .toList();
        byte[] body = S3Xml.listAllMyBuckets(owned, canonicalUserId(account));
        call.bytesOut = body.length;
        return xml(200, body);
    }

    private HttpResponse headBucket(S3Call call) {
        Bucket bucket = ownedBucket(call);
        return new HttpResponse(
                200,
                new Headers().set("x-amz-bucket-region", bucket.region()).set("x-amz-access-point-alias", "false"),
                new byte[0]);
    }

    private HttpResponse bucketLocation(S3Call call) {
        Bucket bucket = ownedBucket(call);
        byte[] body = S3Xml.locationConstraint(bucket.region());
        call.bytesOut = body.length;
        return xml(200, body);
    }

    private HttpResponse listObjects(S3Call call, Map<String, String> query) {
        Bucket bucket = ownedBucket(call);
        boolean url = encodingType(query.get("encoding-type"));
        int maxKeys = maxKeys(query.get("max-keys"));
        String marker = query.get("marker");
        S3Xml.ListV1 request = new S3Xml.ListV1(
                bucket.name(), query.get("prefix"), marker, emptyToNull(query.get("delimiter")), maxKeys, url);
        ObjectListing page = list(bucket, request.prefix(), request.delimiter(), emptyToNull(marker), maxKeys);
        byte[] body = S3Xml.listObjects(request, page, canonicalUserId(bucket.ownerAccountId()));
        call.bytesOut = body.length;
        return xml(200, body);
    }

    private HttpResponse listObjectsV2(S3Call call, Map<String, String> query) {
        Bucket bucket = ownedBucket(call);
        boolean url = encodingType(query.get("encoding-type"));
        int maxKeys = maxKeys(query.get("max-keys"));
        String token = emptyToNull(query.get("continuation-token"));
        String startAfter = emptyToNull(query.get("start-after"));
        S3Xml.ListV2 request = new S3Xml.ListV2(
                bucket.name(),
                query.get("prefix"),
                emptyToNull(query.get("delimiter")),
                maxKeys,
                token,
                startAfter,
                "true".equalsIgnoreCase(query.get("fetch-owner")),
                url);
        String from = token != null ? decodeContinuationToken(token) : startAfter;
        ObjectListing page = list(bucket, request.prefix(), request.delimiter(), from, maxKeys);
        String next =
                page.truncated() && page.nextStartAfter() != null ? continuationToken(page.nextStartAfter()) : null;
        byte[] body = S3Xml.listObjectsV2(request, page, next, canonicalUserId(bucket.ownerAccountId()));
        call.bytesOut = body.length;
        return xml(200, body);
    }

    private ObjectListing list(
            Bucket bucket, @Nullable String prefix, @Nullable String delimiter, @Nullable String from, int maxKeys) {
        if (maxKeys == 0) {
            return new ObjectListing(List.of(), List.of(), false, null);
        }
        return store.list(bucket.name(), new ListRequest(emptyToNull(prefix), delimiter, from, maxKeys));
    }

    private HttpResponse createBucket(S3Call call, byte[] content) {
        String name = requireNonNull(call.bucket);
        String account = call.caller.accountId();
        String[] region = {"us-east-1"};
        return change(
                call,
                () -> {
                    String location = S3Xml.locationConstraint(content);
                    if (location != null) {
                        call.requestParameters
                                .putObject("CreateBucketConfiguration")
                                .put("LocationConstraint", location)
                                .put("xmlns", S3Xml.NAMESPACE);
                        region[0] = regionOf(location);
                    }
                    call.region = region[0];
                    if (!BucketNames.isValid(name)) {
                        throw S3Error.INVALID_BUCKET_NAME.forBucket(name);
                    }
                    Bucket existing = store.bucket(name).orElse(null);
                    if (existing != null) {
                        call.region = existing.region();
                        call.bucketOwner = existing.ownerAccountId();
                        throw existing.ownerAccountId().equals(account)
                                ? S3Error.BUCKET_ALREADY_OWNED_BY_YOU.forBucket(name)
                                : S3Error.BUCKET_ALREADY_EXISTS.forBucket(name);
                    }
                    call.bucketOwner = account;
                },
                () -> {
                    store.createBucket(name, account, region[0]);
                    return new HttpResponse(200, new Headers().set("Location", "/" + name), new byte[0]);
                });
    }

    /**
     * Returns the region a LocationConstraint names: {@code EU} is eu-west-1, as in S3; us-east-1 itself is
     * refused, because S3 wants no constraint for it.
     */
    private static String regionOf(String location) {
        if (location.equals("EU")) {
            return "eu-west-1";
        }
        if (location.equals("us-east-1") || !REGION.matcher(location).matches()) {
            throw S3Error.INVALID_LOCATION_CONSTRAINT.withDetail(S3Error.INVALID_LOCATION_CONSTRAINT.message() + ": '"
                    + location + "' (leave CreateBucketConfiguration out for us-east-1)");
        }
        return location;
    }

    private HttpResponse deleteBucket(S3Call call) {
        String name = requireNonNull(call.bucket);
        return change(
                call,
                () -> {
                    Bucket bucket = ownedBucket(call);
                    if (!store.list(bucket.name(), new ListRequest(null, null, null, 1))
                            .objects()
                            .isEmpty()) {
                        throw S3Error.BUCKET_NOT_EMPTY.forBucket(name);
                    }
                },
                () -> {
                    store.deleteBucket(name);
                    return new HttpResponse(204, new Headers(), new byte[0]);
                });
    }

    private HttpResponse putObject(S3Call call, HttpRequest request, byte[] content) {
        String name = requireNonNull(call.bucket);
        String key = requireNonNull(call.key);
        Headers headers = request.headers();
        ObjectAttributes[] attributes = {null};
        return change(
                call,
                () -> {
                    if (key.getBytes(UTF_8).length > ObjectKeys.MAX_KEY_BYTES) {
                        throw S3Error.KEY_TOO_LONG.withDetail(S3Error.KEY_TOO_LONG.message() + " (more than "
                                + ObjectKeys.MAX_KEY_BYTES + " bytes of UTF-8)");
                    }
                    attributes[0] = attributes(headers);
                    ownedBucket(call);
                },
                () -> {
                    ObjectInfo info = store.put(name, key, content, requireNonNull(attributes[0]));
                    Headers out = new Headers().set("ETag", info.etag());
                    for (String checksum : Checksums.HEADERS) {
                        String value = headers.first(checksum);
                        if (value != null) {
                            out.set(checksum, value);
                        }
                    }
                    return new HttpResponse(200, out, new byte[0]);
                });
    }

    private static ObjectAttributes attributes(Headers headers) {
        Map<String, String> metadata = new TreeMap<>();
        int size = 0;
        for (String name : headers.names()) {
            if (name.startsWith(ObjectAnswers.META_PREFIX) && name.length() > ObjectAnswers.META_PREFIX.length()) {
                String value = String.join(",", headers.all(name));
                String shortName = name.substring(ObjectAnswers.META_PREFIX.length());
                metadata.put(shortName, value);
                size += shortName.getBytes(UTF_8).length + value.getBytes(UTF_8).length;
            }
        }
        if (size > MAX_METADATA_BYTES) {
            throw S3Exception.of(
                    "MetadataTooLarge",
                    400,
                    "Your metadata headers exceed the maximum allowed metadata size (" + size + " bytes of "
                            + MAX_METADATA_BYTES + ").");
        }
        return new ObjectAttributes(
                headers.first("content-type"),
                S3Payload.storedContentEncoding(headers.first("content-encoding")),
                metadata);
    }

    private HttpResponse deleteObject(S3Call call) {
        String name = requireNonNull(call.bucket);
        String key = requireNonNull(call.key);
        return change(call, () -> ownedBucket(call), () -> {
            store.delete(name, key);
            return new HttpResponse(204, new Headers(), new byte[0]);
        });
    }

    private HttpResponse getObject(S3Call call, S3Route route, HttpRequest request, boolean head) {
        Bucket bucket = ownedBucket(call);
        String key = requireNonNull(call.key);
        HttpResponse response;
        if (head) {
            response = ObjectAnswers.answer(store.head(bucket.name(), key), null, request.headers(), route.query());
        } else {
            StoredObject object = store.get(bucket.name(), key);
            response = ObjectAnswers.answer(object.info(), object.content(), request.headers(), route.query());
        }
        call.bytesOut = response.body().length;
        return response;
    }

    // ---- parameters ---------------------------------------------------------------------------------------

    private static boolean encodingType(@Nullable String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        if (value.equalsIgnoreCase("url")) {
            return true;
        }
        throw S3Error.INVALID_ARGUMENT.withDetail("Invalid Encoding Method specified in Request: '" + value + "'");
    }

    private static int maxKeys(@Nullable String value) {
        if (value == null || value.isEmpty()) {
            return 1000;
        }
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw S3Error.INVALID_ARGUMENT.withDetail("Provided max-keys not an integer or within integer range");
        }
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw S3Error.INVALID_ARGUMENT.withDetail("Argument maxKeys must be an integer between 0 and 2147483647");
        }
        return (int) Math.min(n, 1000);
    }

    static String continuationToken(String startAfter) {
        return CONTINUATION_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(startAfter.getBytes(UTF_8));
    }

    static String decodeContinuationToken(String token) {
        if (token.startsWith(CONTINUATION_PREFIX)) {
            try {
                return new String(Base64.getUrlDecoder().decode(token.substring(CONTINUATION_PREFIX.length())), UTF_8);
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw S3Error.INVALID_ARGUMENT.withDetail("The continuation token provided is incorrect");
    }

    private static @Nullable String emptyToNull(@Nullable String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** A stable 64-hex-digit canonical user id for an account, the shape S3's owner ids have. */
    static String canonicalUserId(String accountId) {
        return HexFormat.of().formatHex(sha256(("cairn-canonical-user:" + accountId).getBytes(UTF_8)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    // ---- answers ------------------------------------------------------------------------------------------

    private static HttpResponse xml(int status, byte[] body) {
        return new HttpResponse(status, new Headers().set("Content-Type", XML), body);
    }

    /** Returns an S3 error answer: the {@code <Error>} document, or only the status and ids for HEAD. */
    static HttpResponse errorResponse(S3Exception error, boolean head, String requestId, String hostId) {
        Headers headers = new Headers().set("x-amz-request-id", requestId).set("x-amz-id-2", hostId);
        if (head) {
            return new HttpResponse(error.httpStatus(), headers, new byte[0]);
        }
        headers.set("Content-Type", XML);
        return new HttpResponse(error.httpStatus(), headers, S3Xml.error(error, requestId, hostId));
    }

    /** Returns a new request id in S3's shape: 16 upper-case hex digits. */
    static String requestId() {
        return HexFormat.of()
                .withUpperCase()
                .toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /** Returns a new {@code x-amz-id-2}, an opaque base64 token like S3's. */
    static String hostId() {
        byte[] bytes = new byte[48];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
