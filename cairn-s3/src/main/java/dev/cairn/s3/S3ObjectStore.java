package dev.cairn.s3;

import static java.util.Objects.requireNonNull;

import dev.cairn.bucket.Bucket;
import dev.cairn.bucket.BucketNames;
import dev.cairn.bucket.ListRequest;
import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.bucket.ObjectInfo;
import dev.cairn.bucket.ObjectKeys;
import dev.cairn.bucket.ObjectListing;
import dev.cairn.bucket.ObjectStore;
import dev.cairn.bucket.ObjectStoreError;
import dev.cairn.bucket.ObjectStoreException;
import dev.cairn.bucket.StoredObject;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetBucketLocationResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The {@link ObjectStore} on any S3-compatible endpoint (AWS S3, MinIO, s3proxy, ...), through the AWS SDK
 * for Java v2 and its Apache HttpClient.
 *
 * <p>What differs from the embedded store, each for a reason the endpoint imposes:
 *
 * <ul>
 *   <li><b>Owners.</b> The endpoint has its own owners, and does not know Cairn's accounts: every bucket the
 *       configured credentials can list is reported as owned by the {@code ownerAccountId} the store was
 *       made with, whoever asked to create it. So creating a bucket that the credentials already own is
 *       {@code BUCKET_ALREADY_OWNED_BY_YOU} even for another Cairn account, and {@code BUCKET_ALREADY_EXISTS}
 *       means another owner on the endpoint has the name.
 *   <li><b>Times.</b> They are the endpoint's, truncated to the second, since {@code HEAD} gives no more.
 *   <li><b>Listings.</b> S3's ListObjects returns no content type or user metadata, so listed objects carry
 *       {@link ObjectAttributes#NONE}; {@link #head} gives their attributes.
 *   <li><b>Content type.</b> A put without one is sent as {@code binary/octet-stream}, S3's default, which
 *       reads back as null.
 * </ul>
 *
 * <p>Bucket names and keys are checked before any request, with the same rules as every store. Every
 * failure of the endpoint is an {@link ObjectStoreException}: S3's error codes map to theirs, and a
 * connection that fails, times out or gets a server error is {@code INTERNAL_ERROR}.
 */
public final class S3ObjectStore implements ObjectStore {
    private static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
    private static final String US_EAST_1 = "us-east-1";

    private final S3Client client;
    private final S3Endpoint endpoint;
    private final String ownerAccountId;

    private S3ObjectStore(S3Client client, S3Endpoint endpoint, String ownerAccountId) {
        this.client = client;
        this.endpoint = endpoint;
        this.ownerAccountId = ownerAccountId;
    }

    /**
     * Returns a store on {@code endpoint} that reports its buckets as owned by {@code ownerAccountId}. No
     * request is made until the first call.
     */
    public static S3ObjectStore open(S3Endpoint endpoint, String ownerAccountId) {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(ownerAccountId, "ownerAccountId is null");
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(endpoint.region()))
                .forcePathStyle(endpoint.pathStyle())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(endpoint.accessKeyId(), endpoint.secretAccessKey())))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                // Content-MD5 is sent instead: every S3-compatible server checks it, not all know CRC32.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMinutes(2)));
        if (endpoint.url() != null) {
            builder.endpointOverride(endpoint.url());
        } else {
            builder.crossRegionAccessEnabled(true);
        }
        return new S3ObjectStore(builder.build(), endpoint, ownerAccountId);
    }

    @Override
    public Bucket createBucket(String name, String ownerAccountId, String region) {
        BucketNames.check(name);
        requireNonNull(ownerAccountId, "ownerAccountId is null");
        requireNonNull(region, "region is null");
        // S3 in us-east-1 answers 200 to creating a bucket you own, so look first.
        if (bucket(name).isPresent()) {
            throw new ObjectStoreException(
                    ObjectStoreError.BUCKET_ALREADY_OWNED_BY_YOU,
                    "bucket " + name + " already exists at " + endpoint.url() + " and its credentials own it");
        }
        call(
                "create bucket " + name,
                () -> client.createBucket(b -> {
                    b.bucket(name);
                    if (!region.equals(US_EAST_1)) {
                        b.createBucketConfiguration(CreateBucketConfiguration.builder()
                                .locationConstraint(region)
                                .build());
                    }
                }));
        return bucket(name)
                .orElseThrow(() -> new ObjectStoreException(
                        ObjectStoreError.INTERNAL_ERROR,
                        "bucket " + name + " was created at " + endpoint.url() + " but is not listed"));
    }

    @Override
    public Optional<Bucket> bucket(String name) {
        requireNonNull(name, "name is null");
        if (!BucketNames.isValid(name)) {
            return Optional.empty();
        }
        return call("list buckets", () -> client.listBuckets().buckets()).stream()
                .filter(b -> b.name().equals(name))
                .findFirst()
                .map(this::describe);
    }

    @Override
    public List<Bucket> buckets() {
        return call("list buckets", () -> client.listBuckets().buckets()).stream()
                .map(this::describe)
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }

    @Override
    public void deleteBucket(String name) {
        checkBucket(name);
        call("delete bucket " + name, () -> client.deleteBucket(b -> b.bucket(name)));
    }

    @Override
    public ObjectInfo put(String bucket, String key, byte[] content, ObjectAttributes attributes) {
        ObjectKeys.check(key);
        requireNonNull(content, "content is null");
        requireNonNull(attributes, "attributes is null");
        checkBucket(bucket);
        byte[] md5 = md5(content);
        PutObjectRequest request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentLength((long) content.length)
                .contentMD5(Base64.getEncoder().encodeToString(md5))
                .contentType(attributes.contentType() == null ? DEFAULT_CONTENT_TYPE : attributes.contentType())
                .contentEncoding(attributes.contentEncoding())
                .metadata(attributes.userMetadata())
                .build();
        String what = "put " + key + " into bucket " + bucket;
        call(what, () -> client.putObject(request, RequestBody.fromBytes(content)));
        ObjectInfo stored = head(bucket, key);
        String etag = '"' + hex(md5) + '"';
        if (!stored.etag().equals(etag)) {
            // Overwritten meanwhile, or the bucket's encryption makes ETags other than MD5s; this put's
            // description is what was sent.
            return new ObjectInfo(key, content.length, stored.lastModified(), etag, attributes);
        }
        return stored;
    }

    @Override
    public StoredObject get(String bucket, String key) {
        ObjectKeys.check(key);
        checkBucket(bucket);
        ResponseBytes<GetObjectResponse> bytes = call(
                "get " + key + " from bucket " + bucket,
                () -> client.getObjectAsBytes(b -> b.bucket(bucket).key(key)));
        GetObjectResponse r = bytes.response();
        ObjectInfo info = new ObjectInfo(
                key,
                bytes.asByteArrayUnsafe().length,
                seconds(r.lastModified()),
                etag(r.eTag(), bucket, key),
                attributes(r.contentType(), r.contentEncoding(), r.metadata()));
        return new StoredObject(info, bytes.asByteArray());
    }

    @Override
    public ObjectInfo head(String bucket, String key) {
        ObjectKeys.check(key);
        checkBucket(bucket);
        HeadObjectResponse r;
        try {
            r = client.headObject(b -> b.bucket(bucket).key(key));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                // HEAD answers have no body, so no error code: ask whether the bucket is there.
                checkBucketExists(bucket);
                throw new ObjectStoreException(
                        ObjectStoreError.NO_SUCH_KEY, "bucket " + bucket + " has no object with key " + key, e);
            }
            throw translate("head " + key + " in bucket " + bucket, e);
        } catch (SdkException e) {
            throw translate("head " + key + " in bucket " + bucket, e);
        } catch (UncheckedIOException e) {
            throw new ObjectStoreException(
                    ObjectStoreError.INTERNAL_ERROR, "could not head " + key + " in bucket " + bucket + ": " + e, e);
        }
        return new ObjectInfo(
                key,
                r.contentLength(),
                seconds(r.lastModified()),
                etag(r.eTag(), bucket, key),
                attributes(r.contentType(), r.contentEncoding(), r.metadata()));
    }

    @Override
    public void delete(String bucket, String key) {
        ObjectKeys.check(key);
        checkBucket(bucket);
        // S3 answers NoSuchBucket, but some compatible servers (s3proxy) answer 204; deletes are rare.
        checkBucketExists(bucket);
        call(
                "delete " + key + " from bucket " + bucket,
                () -> client.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    @Override
    public ObjectListing list(String bucket, ListRequest request) {
        requireNonNull(request, "request is null");
        checkBucket(bucket);
        ListObjectsV2Request.Builder builder = ListObjectsV2Request.builder()
                .bucket(bucket)
                .maxKeys(request.maxKeys())
                .encodingType(EncodingType.URL);
        if (request.prefix() != null && !request.prefix().isEmpty()) {
            builder.prefix(ObjectKeys.checkWellFormed("prefix", request.prefix()));
        }
        if (request.delimiter() != null && !request.delimiter().isEmpty()) {
            builder.delimiter(ObjectKeys.checkWellFormed("delimiter", request.delimiter()));
        }
        if (request.startAfter() != null && !request.startAfter().isEmpty()) {
            builder.startAfter(ObjectKeys.checkWellFormed("startAfter", request.startAfter()));
        }
        ListObjectsV2Response r = call("list bucket " + bucket, () -> client.listObjectsV2(builder.build()));
        List<ObjectInfo> objects = new ArrayList<>();
        for (S3Object o : r.contents()) {
            objects.add(new ObjectInfo(
                    o.key(),
                    o.size(),
                    seconds(o.lastModified()),
                    etag(o.eTag(), bucket, o.key()),
                    ObjectAttributes.NONE));
        }
        List<String> prefixes =
                r.commonPrefixes().stream().map(CommonPrefix::prefix).toList();
        String last = null;
        if (!objects.isEmpty()) {
            last = objects.getLast().key();
        }
        if (!prefixes.isEmpty() && (last == null || ObjectKeys.compare(prefixes.getLast(), last) > 0)) {
            last = prefixes.getLast();
        }
        boolean truncated = Boolean.TRUE.equals(r.isTruncated()) && last != null;
        return new ObjectListing(objects, prefixes, truncated, truncated ? last : null);
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "S3ObjectStore[" + endpoint + "]";
    }

    private Bucket describe(software.amazon.awssdk.services.s3.model.Bucket bucket) {
        String region = bucket.bucketRegion();
        if (region == null || region.isEmpty()) {
            GetBucketLocationResponse location = call(
                    "get the location of bucket " + bucket.name(),
                    () -> client.getBucketLocation(b -> b.bucket(bucket.name())));
            region = regionOf(location);
        }
        return new Bucket(bucket.name(), ownerAccountId, region, seconds(bucket.creationDate()));
    }

    private static String regionOf(GetBucketLocationResponse location) {
        String constraint = location.locationConstraintAsString();
        if (constraint == null || constraint.isEmpty()) {
            return US_EAST_1; // S3 gives no constraint for us-east-1
        }
        if (location.locationConstraint() == BucketLocationConstraint.EU) {
            return "eu-west-1";
        }
        return constraint;
    }

    private static ObjectAttributes attributes(
            @Nullable String contentType, @Nullable String contentEncoding, @Nullable Map<String, String> metadata) {
        return new ObjectAttributes(
                DEFAULT_CONTENT_TYPE.equals(contentType) ? null : contentType,
                contentEncoding == null || contentEncoding.isEmpty() ? null : contentEncoding,
                metadata == null ? Map.of() : metadata);
    }

    /** Refuses names that no bucket can have before they reach a URL: no bucket is called that. */
    private static void checkBucket(String bucket) {
        requireNonNull(bucket, "bucket is null");
        if (!BucketNames.isValid(bucket)) {
            throw new ObjectStoreException(ObjectStoreError.NO_SUCH_BUCKET, "bucket " + bucket + " does not exist");
        }
    }

    private void checkBucketExists(String bucket) {
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new ObjectStoreException(
                        ObjectStoreError.NO_SUCH_BUCKET, "bucket " + bucket + " does not exist", e);
            }
            throw translate("head bucket " + bucket, e);
        } catch (SdkException e) {
            throw translate("head bucket " + bucket, e);
        } catch (UncheckedIOException e) {
            throw new ObjectStoreException(
                    ObjectStoreError.INTERNAL_ERROR, "could not head bucket " + bucket + ": " + e, e);
        }
    }

    private static <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw translate(what, e);
        } catch (UncheckedIOException e) {
            // The SDK's HTTP clients let a few connection failures through unwrapped.
            throw new ObjectStoreException(
                    ObjectStoreError.INTERNAL_ERROR, "could not " + what + ": " + e.getCause(), e);
        }
    }

    /** Maps a failure of the SDK to the error a caller can act on, keeping S3's code in the message. */
    static ObjectStoreException translate(String what, SdkException e) {
        if (e instanceof S3Exception s3) {
            String code =
                    s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            String message =
                    s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorMessage();
            ObjectStoreError error = errorFor(code, s3.statusCode());
            return new ObjectStoreException(
                    error,
                    "could not " + what + ": " + (code == null ? "" : code + ", ") + "HTTP " + s3.statusCode()
                            + (message == null ? "" : ", " + message),
                    e);
        }
        return new ObjectStoreException(
                ObjectStoreError.INTERNAL_ERROR, "could not " + what + ": " + e.getMessage(), e);
    }

    static ObjectStoreError errorFor(@Nullable String code, int status) {
        if (code != null) {
            for (ObjectStoreError error : ObjectStoreError.values()) {
                if (error.s3Code().equals(code)) {
                    return error;
                }
            }
            switch (code) {
                case "AllAccessDisabled", "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccountProblem" -> {
                    return ObjectStoreError.ACCESS_DENIED;
                }
                default -> {}
            }
        }
        return status == 403 ? ObjectStoreError.ACCESS_DENIED : ObjectStoreError.INTERNAL_ERROR;
    }

    /** Returns the ETag the endpoint gave, which S3 always does; some servers do not for odd keys. */
    private static String etag(@Nullable String etag, String bucket, String key) {
        if (etag == null || etag.isEmpty()) {
            throw new ObjectStoreException(
                    ObjectStoreError.INTERNAL_ERROR,
                    "the endpoint gave no ETag for " + key + " in bucket " + bucket + ", as S3 always does");
        }
        return etag;
    }

    private static Instant seconds(@Nullable Instant instant) {
        return instant == null ? Instant.EPOCH : instant.truncatedTo(ChronoUnit.SECONDS);
    }

    private static byte[] md5(byte[] content) {
        try {
            return MessageDigest.getInstance("MD5").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
