package dev.cairn.server.s3;

import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.http.HttpRequest;
import dev.cairn.protocol.query.FormDecoder;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where a path-style S3 request goes: its bucket and key, decoded from the path ({@code /bucket/key}, the
 * key taken verbatim after one percent-decoding, so {@code a//b} and {@code ./x} stay as sent), its query
 * parameters, and the operation its method and subresources name.
 *
 * @param bucket the bucket, or null for {@code /}
 * @param key the key, or null for a bucket request
 * @param query the query parameters, decoded, in order
 */
record S3Route(@Nullable String bucket, @Nullable String key, Map<String, String> query, S3Operation operation) {

    /** Query parameters naming bucket subresources or operations Cairn does not serve. */
    private static final Set<String> BUCKET_SUBRESOURCES_NOT_SERVED = Set.of(
            "accelerate",
            "acl",
            "analytics",
            "cors",
            "delete",
            "encryption",
            "intelligent-tiering",
            "inventory",
            "lifecycle",
            "logging",
            "metadataTable",
            "metrics",
            "notification",
            "object-lock",
            "ownershipControls",
            "policy",
            "policyStatus",
            "publicAccessBlock",
            "replication",
            "requestPayment",
            "session",
            "tagging",
            "uploads",
            "versioning",
            "versions",
            "website");

    /** Query parameters naming object subresources or operations Cairn does not serve. */
    private static final Set<String> OBJECT_SUBRESOURCES_NOT_SERVED = Set.of(
            "acl",
            "attributes",
            "legal-hold",
            "partNumber",
            "renameObject",
            "restore",
            "retention",
            "select",
            "tagging",
            "torrent",
            "uploadId",
            "uploads",
            "versionId");

    private static final Pattern VIRTUAL_HOST =
            Pattern.compile("(.+)\\.s3(?:[.-][a-z0-9-]+)*\\.amazonaws\\.com(?:\\.cn)?|([^.]+)\\.localhost");

    /**
     * Routes a request.
     *
     * @throws S3Exception {@code InvalidURI} for a path that does not decode, {@code InvalidRequest} for a
     *     virtual-hosted-style request, {@code MethodNotAllowed}, or {@code NotImplemented} for an operation
     *     outside the subset
     */
    static S3Route of(HttpRequest request) {
        String rawPath = request.rawPath();
        if (!rawPath.startsWith("/")) {
            throw S3Error.INVALID_URI.exception();
        }
        rejectVirtualHost(request.headers().first("host"));
        int slash = rawPath.indexOf('/', 1);
        int bucketEnd = slash < 0 ? rawPath.length() : slash;
        String bucket = bucketEnd == 1 ? null : KeyEncoding.decodePath(rawPath, 1, bucketEnd);
        String key = slash < 0 || slash == rawPath.length() - 1
                ? null
                : KeyEncoding.decodePath(rawPath, slash + 1, rawPath.length());
        if (bucket == null && key != null) {
            throw S3Error.INVALID_URI.exception();
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (request.rawQuery() != null) {
            try {
                FormDecoder.decode(request.rawQuery(), query);
            } catch (AwsException e) {
                throw S3Error.INVALID_ARGUMENT.withDetail("The query string is malformed: " + e.getMessage());
            }
        }
        return new S3Route(bucket, key, query, operation(request, bucket, key, query));
    }

    private static S3Operation operation(
            HttpRequest request, @Nullable String bucket, @Nullable String key, Map<String, String> query) {
        String method = request.method();
        if (bucket == null) {
            if (method.equals("GET")) {
                return S3Operation.LIST_BUCKETS;
            }
            throw S3Error.METHOD_NOT_ALLOWED.exception();
        }
        if (key == null) {
            refuseSubresources(query, BUCKET_SUBRESOURCES_NOT_SERVED);
            return switch (method) {
                case "GET" -> {
                    if (query.containsKey("location")) {
                        yield S3Operation.GET_BUCKET_LOCATION;
                    }
                    yield "2".equals(query.get("list-type")) ? S3Operation.LIST_OBJECTS_V2 : S3Operation.LIST_OBJECTS;
                }
                case "HEAD" -> S3Operation.HEAD_BUCKET;
                case "PUT" -> S3Operation.CREATE_BUCKET;
                case "DELETE" -> S3Operation.DELETE_BUCKET;
                default -> throw S3Error.METHOD_NOT_ALLOWED.exception();
            };
        }
        refuseSubresources(query, OBJECT_SUBRESOURCES_NOT_SERVED);
        return switch (method) {
            case "GET" -> S3Operation.GET_OBJECT;
            case "HEAD" -> S3Operation.HEAD_OBJECT;
            case "PUT" -> {
                if (request.headers().contains("x-amz-copy-source")) {
                    throw S3Error.NOT_IMPLEMENTED.withDetail(
                            "Cairn's S3 API does not implement CopyObject (the x-amz-copy-source header).");
                }
                yield S3Operation.PUT_OBJECT;
            }
            case "DELETE" -> S3Operation.DELETE_OBJECT;
            default -> throw S3Error.METHOD_NOT_ALLOWED.exception();
        };
    }

    private static void refuseSubresources(Map<String, String> query, Set<String> notServed) {
        for (String name : query.keySet()) {
            if (notServed.contains(name)) {
                throw S3Error.NOT_IMPLEMENTED.withDetail("Cairn's S3 API does not implement the '" + name
                        + "' subresource; it serves buckets and single-part objects.");
            }
        }
    }

    /** Refuses virtual-hosted-style requests ({@code bucket.s3.amazonaws.com}) with a clear message. */
    private static void rejectVirtualHost(@Nullable String host) {
        if (host == null) {
            return;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (!name.startsWith("[")) {
            int colon = name.lastIndexOf(':');
            if (colon >= 0) {
                name = name.substring(0, colon);
            }
        }
        Matcher m = VIRTUAL_HOST.matcher(name);
        if (m.matches()) {
            String bucket = m.group(1) != null ? m.group(1) : m.group(2);
            throw S3Error.INVALID_REQUEST.withDetail("Cairn serves S3 path-style only (http://host:port/bucket/key),"
                    + " but this request names the bucket '" + bucket + "' in its Host header '" + host
                    + "'. Configure the client for path-style addressing (botocore: s3.addressing_style = path;"
                    + " AWS SDK for Java: forcePathStyle(true)).");
        }
    }
}
