package dev.cairn.protocol.sigv4;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;

/**
 * The per-thread working set of a verification: a SHA-256 digest, an HMAC-SHA256 and the buffers that the
 * canonical request and the string to sign are written into. Reusing them keeps the hot path free of
 * provider look-ups and of most allocation. On virtual threads each thread gets its own, which is still
 * correct, only less economical.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> CURRENT = ThreadLocal.withInitial(Scratch::new);

    final MessageDigest sha256;
    final Mac hmac;
    final ByteSink canonical = new ByteSink(1024);
    final ByteSink stringToSign = new ByteSink(256);
    final ByteSink component = new ByteSink(128);

    private Scratch() {
        sha256 = newSha256();
        hmac = newHmacSha256();
    }

    static Scratch get() {
        return CURRENT.get();
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform but is missing", e);
        }
    }

    static Mac newHmacSha256() {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform but is missing", e);
        }
    }
}
