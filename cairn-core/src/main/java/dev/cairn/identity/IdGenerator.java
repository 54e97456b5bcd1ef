package dev.cairn.identity;

import java.security.SecureRandom;

/**
 * Makes the random identifiers IAM and STS hand out: unique ids ({@code AIDA…}, {@code AROA…}), access key
 * ids ({@code AKIA…}, {@code ASIA…}), secrets and session tokens, in AWS's lengths and alphabets.
 */
public final class IdGenerator {
    private static final char[] UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private final SecureRandom random = new SecureRandom();

    /** Returns a 21-character unique id: {@code prefix} (4 characters) and 17 random ones. */
    public String uniqueId(String prefix) {
        return prefix + random(UPPER_ALNUM, 17);
    }

    /** Returns a 20-character access key id: {@code prefix} ({@code AKIA} or {@code ASIA}) and 16 random. */
    public String accessKeyId(String prefix) {
        return prefix + random(UPPER_ALNUM, 16);
    }

    /** Returns a 40-character secret access key. */
    public String secretAccessKey() {
        return random(SECRET_ALPHABET, 40);
    }

    /** Returns an opaque session token. */
    public String sessionToken() {
        return "FwoGZXIvYXdzE" + random(SECRET_ALPHABET, 343);
    }

    private String random(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
