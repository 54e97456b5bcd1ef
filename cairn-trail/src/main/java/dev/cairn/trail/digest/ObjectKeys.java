package dev.cairn.trail.digest;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Checks and the common start shared by log file and digest object keys. */
final class ObjectKeys {

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");

    private ObjectKeys() {}

    /**
     * Returns {@code [prefix/]AWSLogs/account/}: a null or empty prefix means none, and any other prefix is
     * joined with one {@code /} as it is, as validate-logs joins it.
     */
    static String accountFolder(@Nullable String prefix, String account) {
        checkAccount(account);
        String base = "AWSLogs/" + account + "/";
        return prefix == null || prefix.isEmpty() ? base : prefix + "/" + base;
    }

    static String checkAccount(String account) {
        requireNonNull(account, "account is null");
        if (!ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException("account '" + account + "' must be 12 digits");
        }
        return account;
    }

    static String checkRegion(String region, String what) {
        requireNonNull(region, what + " is null");
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException(what + " '" + region + "' must be 1 to 64 characters from a-z 0-9 -");
        }
        return region;
    }
}
