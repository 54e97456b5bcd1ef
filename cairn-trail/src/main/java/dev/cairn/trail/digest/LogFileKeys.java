package dev.cairn.trail.digest;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The object keys of trail log files:
 * {@code [prefix/]AWSLogs/<account>/CloudTrail/<region>/<YYYY>/<MM>/<DD>/<account>_CloudTrail_<region>_<YYYYMMDD>T<HHmm>Z_<unique>.json.gz},
 * where the date and time are the delivery time (UTC, minute precision) and {@code unique} is 16 characters
 * from {@code [A-Za-z0-9]} that keep two files of the same minute apart.
 */
public final class LogFileKeys {

    /** How many characters the unique part of a log file key has. */
    public static final int UNIQUE_LENGTH = 16;

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern UNIQUE = Pattern.compile("[A-Za-z0-9]{" + UNIQUE_LENGTH + "}");

    private LogFileKeys() {}

    /**
     * Returns the key of a log file of {@code account}'s events in {@code region}, delivered at {@code
     * deliveredAt}.
     *
     * @param prefix the trail's S3 key prefix, or null or empty for none
     * @param unique 16 characters from {@code [A-Za-z0-9]}, e.g. from {@link #randomUnique}
     * @throws IllegalArgumentException if the account is not 12 digits, the region is not a region name or
     *     {@code unique} breaks its rule
     */
    public static String logFileKey(
            @Nullable String prefix, String account, String region, Instant deliveredAt, String unique) {
        ObjectKeys.checkRegion(region, "region");
        requireNonNull(deliveredAt, "deliveredAt is null");
        requireNonNull(unique, "unique is null");
        if (!UNIQUE.matcher(unique).matches()) {
            throw new IllegalArgumentException(
                    "log file key unique part '" + unique + "' must be 16 characters from A-Z a-z 0-9");
        }
        return ObjectKeys.accountFolder(prefix, account)
                + "CloudTrail/" + region + "/" + CloudTrailTimes.DATE_FOLDER.format(deliveredAt) + "/"
                + account + "_CloudTrail_" + region + "_" + CloudTrailTimes.LOG_KEY.format(deliveredAt) + "_"
                + unique + ".json.gz";
    }

    /** Returns 16 characters drawn uniformly from {@code [A-Za-z0-9]} by {@code random}. */
    public static String randomUnique(RandomGenerator random) {
        requireNonNull(random, "random is null");
        char[] unique = new char[UNIQUE_LENGTH];
        for (int i = 0; i < unique.length; i++) {
            unique[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(unique);
    }
}
