package dev.cairn.trail.digest;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The object keys of digest files:
 * {@code [prefix/]AWSLogs/<account>/CloudTrail-Digest/<sourceRegion>/<YYYY>/<MM>/<DD>/<account>_CloudTrail-Digest_<sourceRegion>_<trailName>_<homeRegion>_<YYYYMMDD>T<HHMMSS>Z.json.gz},
 * where the date and the timestamp are the digest's end time (UTC, whole seconds). validate-logs reads the
 * timestamp as the 16 characters before {@code .json.gz} and compares it as text, so it is always 16
 * characters.
 */
public final class DigestKeys {

    private DigestKeys() {}

    /**
     * Returns the key of the digest of {@code account}'s log files from {@code sourceRegion} for the trail
     * {@code trailName} of {@code homeRegion}, ending at {@code end}.
     *
     * @param prefix the trail's S3 key prefix, or null or empty for none
     * @throws IllegalArgumentException if a name breaks its rule or {@code end} has a fraction of a second
     */
    public static String digestKey(
            @Nullable String prefix,
            String account,
            String sourceRegion,
            String trailName,
            String homeRegion,
            Instant end) {
        ObjectKeys.checkRegion(sourceRegion, "sourceRegion");
        ObjectKeys.checkRegion(homeRegion, "homeRegion");
        checkTrailName(trailName);
        CloudTrailTimes.wholeSeconds(requireNonNull(end, "end is null"), "digest end time");
        String timestamp = CloudTrailTimes.DIGEST_KEY.format(end);
        if (timestamp.length() != 16) {
            throw new IllegalArgumentException("digest end time " + end + " is outside years 0000 to 9999");
        }
        return ObjectKeys.accountFolder(prefix, account)
                + "CloudTrail-Digest/" + sourceRegion + "/" + CloudTrailTimes.DATE_FOLDER.format(end) + "/"
                + account + "_CloudTrail-Digest_" + sourceRegion + "_" + trailName + "_" + homeRegion + "_"
                + timestamp + ".json.gz";
    }

    static String checkTrailName(String trailName) {
        requireNonNull(trailName, "trailName is null");
        if (trailName.isEmpty() || trailName.indexOf('/') >= 0) {
            throw new IllegalArgumentException("trail name '" + trailName + "' must be non-empty and have no '/'");
        }
        return trailName;
    }
}
