package dev.cairn.trail.digest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The UTC time formats of digest files and of log and digest object keys. */
final class CloudTrailTimes {

    /** {@code 2015-08-17T15:01:31Z}: times inside digest files. */
    static final DateTimeFormatter JSON = formatter("uuuu-MM-dd'T'HH:mm:ss'Z'");

    /** {@code 20150817T150131Z}: the digest end time in a digest key, exactly 16 characters. */
    static final DateTimeFormatter DIGEST_KEY = formatter("uuuuMMdd'T'HHmmss'Z'");

    /** {@code 20150817T1445Z}: the delivery time in a log file key. */
    static final DateTimeFormatter LOG_KEY = formatter("uuuuMMdd'T'HHmm'Z'");

    /** {@code 2015/08/17}: the date folder of both kinds of key. */
    static final DateTimeFormatter DATE_FOLDER = formatter("uuuu/MM/dd");

    private CloudTrailTimes() {}

    /** Throws unless {@code time} has no fraction of a second, naming it as {@code what}. */
    static Instant wholeSeconds(Instant time, String what) {
        if (time.getNano() != 0) {
            throw new IllegalArgumentException(what + " " + time
                    + " has a fraction of a second; digest times are whole seconds (truncate it first)");
        }
        return time;
    }

    private static DateTimeFormatter formatter(String pattern) {
        return DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
    }
}
