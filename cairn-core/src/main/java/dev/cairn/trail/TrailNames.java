package dev.cairn.trail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * CloudTrail's rules for trail names and trail ARNs. A name has 3 to 128 characters of ASCII letters,
 * digits, {@code .}, {@code _} and {@code -}; starts and ends with a letter or digit; has no two of
 * {@code . _ -} next to each other; and is not an IPv4 address. Anything starting with {@code arn:} is
 * read as an ARN instead.
 *
 * <p>Notes: the messages of the length, first/last character and character-set rules are the ones AWS
 * answers (as moto copies them, "must starts" included); AWS's wording for the adjacent-punctuation and
 * IP-address rules is not published, so ours state the rule from the API reference.
 */
public final class TrailNames {
    public static final int MIN_LENGTH = 3;
    public static final int MAX_LENGTH = 128;

    private static final Pattern CHARACTERS = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern ADJACENT = Pattern.compile("[._-]{2}");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern ARN = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):cloudtrail:([a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}):([0-9]{12}):trail/(.*)");

    private TrailNames() {}

    /** Returns whether {@code nameOrArn} is to be read as an ARN: it starts with {@code arn:}. */
    public static boolean isArn(String nameOrArn) {
        return nameOrArn.startsWith("arn:");
    }

    /** Returns why {@code name} is not a valid trail name, in AWS's words, or null when it is valid. */
    public static @Nullable String violation(String name) {
        int length = name.length();
        if (length < MIN_LENGTH) {
            return "Trail name too short. Minimum allowed length: " + MIN_LENGTH
                    + " characters. Specified name length: " + length + " characters.";
        }
        if (length > MAX_LENGTH) {
            return "Trail name too long. Maximum allowed length: " + MAX_LENGTH + " characters. Specified name length: "
                    + length + " characters.";
        }
        if (!isAsciiLetterOrDigit(name.charAt(0))) {
            return "Trail name must starts with a letter or number.";
        }
        if (!isAsciiLetterOrDigit(name.charAt(length - 1))) {
            return "Trail name must ends with a letter or number.";
        }
        if (!CHARACTERS.matcher(name).matches()) {
            return "Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.),"
                    + " hyphens (-), and underscores (_).";
        }
        if (ADJACENT.matcher(name).find()) {
            return "Trail name cannot have adjacent periods (.), hyphens (-), or underscores (_): " + name + ".";
        }
        if (IPV4.matcher(name).matches()) {
            return "Trail name cannot be in IP address format: " + name + ".";
        }
        return null;
    }

    /**
     * Returns the parts of a trail ARN, or null when {@code arn} is not one: another shape, another
     * service or resource type, or a name part that breaks the name rules.
     */
    public static @Nullable TrailArn parseArn(String arn) {
        Matcher m = ARN.matcher(arn);
        if (!m.matches() || violation(m.group(4)) != null) {
            return null;
        }
        return new TrailArn(m.group(1), m.group(2), m.group(3), m.group(4));
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
