package dev.cairn.server.bucket;

import static java.util.Objects.requireNonNull;

import dev.cairn.s3.S3Endpoint;

/**
 * A bucket that lives on an external S3-compatible endpoint rather than in the data folder, as a bucket
 * configuration file maps it. Its {@link #toString()} never shows the secret key.
 *
 * @param name the bucket's name, the same in Cairn and at the endpoint
 * @param endpoint where the bucket is and the credentials to reach it with
 * @param accountId the Cairn account the bucket belongs to (for Cairn's S3 API)
 */
public record ExternalBucket(String name, S3Endpoint endpoint, String accountId) {
    public ExternalBucket {
        requireNonNull(name, "name is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(accountId, "accountId is null");
    }

    /** Returns where the bucket is, for logs: its endpoint (or AWS S3) and region, never a credential. */
    public String location() {
        return (endpoint.url() == null ? "AWS S3" : endpoint.url().toString()) + " (region " + endpoint.region()
                + (endpoint.pathStyle() ? ", path-style" : "") + ")";
    }
}
