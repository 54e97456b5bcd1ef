package dev.cairn.trail.digest;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a digest chain is about and where its digests go: the same for every digest of one (trail, account,
 * source region).
 *
 * @param trailName the trail's name (the part of its ARN after {@code trail/})
 * @param homeRegion the region the trail was created in
 * @param account the account whose log files are digested
 * @param sourceRegion the region whose log files are digested; its key signs the digests
 * @param bucket the bucket digests are put in
 * @param prefix the trail's S3 key prefix, or null for none (an empty prefix also means none)
 */
public record DigestTarget(
        String trailName,
        String homeRegion,
        String account,
        String sourceRegion,
        String bucket,
        @Nullable String prefix) {

    public DigestTarget {
        DigestKeys.checkTrailName(trailName);
        ObjectKeys.checkRegion(homeRegion, "homeRegion");
        ObjectKeys.checkAccount(account);
        ObjectKeys.checkRegion(sourceRegion, "sourceRegion");
        requireNonNull(bucket, "bucket is null");
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("digest bucket name must not be empty");
        }
    }

    /** Returns the key of this chain's digest that ends at {@code end}. */
    public String digestKey(Instant end) {
        return DigestKeys.digestKey(prefix, account, sourceRegion, trailName, homeRegion, end);
    }
}
