package dev.cairn.server.s3;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.identity.Caller;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One authenticated S3 call on its way through {@link S3Api}: what its event records. The operation fills
 * in the region, the bucket owner and the bytes sent as it learns them.
 */
final class S3Call {
    final String requestId;
    final String hostId;
    final S3Operation operation;
    final Caller caller;
    final Instant received;
    final String sourceIp;
    final @Nullable String userAgent;
    final @Nullable String bucket;
    final @Nullable String key;
    final boolean presigned;
    final long bytesIn;
    /** The request parameters as S3 records them: bucketName, Host, key, then the query parameters. */
    final ObjectNode requestParameters = JsonNodeFactory.instance.objectNode();

    /** The region the event is recorded in: the bucket's when it exists, else the signing region. */
    String region;

    /** The bucket's owner, for the bucket resource's accountId; null when the bucket does not exist. */
    @Nullable
    String bucketOwner;

    long bytesOut;

    S3Call(
            String requestId,
            String hostId,
            S3Operation operation,
            Caller caller,
            String region,
            Instant received,
            String sourceIp,
            @Nullable String userAgent,
            @Nullable String bucket,
            @Nullable String key,
            boolean presigned,
            long bytesIn) {
        this.requestId = requireNonNull(requestId, "requestId is null");
        this.hostId = requireNonNull(hostId, "hostId is null");
        this.operation = requireNonNull(operation, "operation is null");
        this.caller = requireNonNull(caller, "caller is null");
        this.region = requireNonNull(region, "region is null");
        this.received = requireNonNull(received, "received is null");
        this.sourceIp = requireNonNull(sourceIp, "sourceIp is null");
        this.userAgent = userAgent;
        this.bucket = bucket;
        this.key = key;
        this.presigned = presigned;
        this.bytesIn = bytesIn;
    }
}
