package dev.cairn.bucket;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A bucket as the store describes it.
 *
 * @param name the bucket's name, global to the store
 * @param ownerAccountId the account that created it
 * @param region the region it lives in, such as {@code us-east-1}
 * @param created when it was created
 */
public record Bucket(String name, String ownerAccountId, String region, Instant created) {
    public Bucket {
        requireNonNull(name, "name is null");
        requireNonNull(ownerAccountId, "ownerAccountId is null");
        requireNonNull(region, "region is null");
        requireNonNull(created, "created is null");
    }
}
