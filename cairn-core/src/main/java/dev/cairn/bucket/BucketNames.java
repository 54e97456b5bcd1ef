package dev.cairn.bucket;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The rules S3 sets for the names of general purpose buckets, which every {@link ObjectStore} applies
 * the same way so that a name accepted by one store is accepted by all.
 */
public final class BucketNames {
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9.-]*");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private static final List<String> RESERVED_SUFFIXES =
            List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

    private BucketNames() {}

    /** Returns whether {@code name} follows every naming rule. */
    public static boolean isValid(String name) {
        return brokenRule(name) == null;
    }

    /**
     * Returns {@code name} if it follows every naming rule.
     *
     * @throws ObjectStoreException {@code INVALID_BUCKET_NAME}, naming the value and the rule it breaks
     */
    public static String check(String name) {
        String broken = brokenRule(name);
        if (broken != null) {
            throw new ObjectStoreException(
                    ObjectStoreError.INVALID_BUCKET_NAME, "bucket name '" + name + "' " + broken);
        }
        return name;
    }

    /** Returns the rule {@code name} breaks, phrased to follow the name, or null when it breaks none. */
    private static @Nullable String brokenRule(String name) {
        requireNonNull(name, "name is null");
        if (name.length() < 3 || name.length() > 63) {
            return "must be from 3 to 63 characters long, not " + name.length();
        }
        if (!ALLOWED.matcher(name).matches()) {
            return "may contain only lowercase letters, digits, dots (.) and hyphens (-)";
        }
        if (!isLetterOrDigit(name.charAt(0)) || !isLetterOrDigit(name.charAt(name.length() - 1))) {
            return "must begin and end with a letter or digit";
        }
        if (name.contains("..")) {
            return "must not contain two adjacent dots";
        }
        if (IP_ADDRESS.matcher(name).matches()) {
            return "must not be formatted as an IP address";
        }
        for (String prefix : RESERVED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return "must not start with the reserved prefix " + prefix;
            }
        }
        for (String suffix : RESERVED_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return "must not end with the reserved suffix " + suffix;
            }
        }
        return null;
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
