package dev.cairn.trail.validation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What to validate: the digest chain of one trail for one account and source region, over a time range.
 *
 * @param bucket the bucket the trail delivers to, where the walk starts
 * @param prefix the trail's S3 key prefix, or null for none (an empty prefix also means none)
 * @param account the account whose files are validated: the trail's, or with {@code --account-id} another
 * @param trailName the trail's name, the part of its ARN after the last {@code /}
 * @param homeRegion the region the trail was created in, the fourth field of its ARN
 * @param sourceRegion the region whose log files and digests are validated
 * @param start the start of the range: digests that end before it are not read
 * @param end the end of the range: digests whose key time is more than an hour after it are not read
 */
public record ValidationRequest(
        String bucket,
        @Nullable String prefix,
        String account,
        String trailName,
        String homeRegion,
        String sourceRegion,
        Instant start,
        Instant end) {

    public ValidationRequest {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(account, "account is null");
        requireNonNull(trailName, "trailName is null");
        requireNonNull(homeRegion, "homeRegion is null");
        requireNonNull(sourceRegion, "sourceRegion is null");
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        if (prefix != null && prefix.isEmpty()) {
            prefix = null;
        }
        if (start.isAfter(end)) {
            throw new IllegalArgumentException(
                    "Invalid time range specified: start-time must occur before end-time (start " + start + ", end "
                            + end + ")");
        }
    }

    /** Returns {@code [prefix/]AWSLogs/account/}, where the trail's folders of this account are. */
    String accountFolder() {
        return (prefix == null ? "" : prefix + "/") + "AWSLogs/" + account + "/";
    }
}
