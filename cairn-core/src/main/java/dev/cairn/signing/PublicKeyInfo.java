package dev.cairn.signing;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A signing key's public half as ListPublicKeys returns it.
 *
 * @param pkcs1Der the DER encoding of the PKCS#1 {@code RSAPublicKey} (not the X.509 SubjectPublicKeyInfo,
 *     which validate-logs refuses)
 * @param validityStart when the key started signing
 * @param validityEnd when it stops (or stopped) signing
 * @param fingerprint the lowercase hex MD5 of {@code pkcs1Der}
 */
public record PublicKeyInfo(byte[] pkcs1Der, Instant validityStart, Instant validityEnd, String fingerprint) {
    public PublicKeyInfo {
        requireNonNull(pkcs1Der, "pkcs1Der is null");
        requireNonNull(validityStart, "validityStart is null");
        requireNonNull(validityEnd, "validityEnd is null");
        requireNonNull(fingerprint, "fingerprint is null");
    }
}
