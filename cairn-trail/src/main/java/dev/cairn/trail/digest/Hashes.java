package dev.cairn.trail.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 as digest files write it: lowercase hex. */
final class Hashes {

    static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private Hashes() {}

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must have", e);
        }
    }

    static String checkSha256Hex(String hex, String what) {
        if (!SHA256_HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException(
                    what + " '" + hex + "' must be a SHA-256 in lowercase hex (64 characters 0-9 a-f)");
        }
        return hex;
    }
}
