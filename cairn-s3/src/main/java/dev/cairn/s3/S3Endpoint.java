package dev.cairn.s3;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Where and as whom an {@link S3ObjectStore} reaches its buckets. The secret key never appears in {@link
 * #toString()}, so an endpoint can be logged.
 *
 * @param url the endpoint, such as {@code http://127.0.0.1:9000} for MinIO or s3proxy, or null for AWS's
 *     own endpoint of the region
 * @param region the region to sign requests for and to create buckets in, such as {@code us-east-1}
 * @param pathStyle whether to address buckets in the path ({@code http://host/bucket/key}) rather than in
 *     the host name ({@code http://bucket.host/key}); most S3-compatible servers need it
 * @param accessKeyId the access key to sign requests with
 * @param secretAccessKey its secret
 */
public record S3Endpoint(
        @Nullable URI url, String region, boolean pathStyle, String accessKeyId, String secretAccessKey) {

    public S3Endpoint {
        requireNonNull(region, "region is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        if (region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank");
        }
        if (url != null && url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("endpoint url must not carry credentials; give them as the access key");
        }
        if (url != null && (url.getScheme() == null || url.getHost() == null)) {
            throw new IllegalArgumentException(
                    "endpoint url " + url + " must be absolute, such as http://127.0.0.1:9000");
        }
    }

    /** Returns the endpoint with its secret key redacted. */
    @Override
    public String toString() {
        return "S3Endpoint[url=" + (url == null ? "AWS" : url) + ", region=" + region + ", pathStyle=" + pathStyle
                + ", accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
    }
}
