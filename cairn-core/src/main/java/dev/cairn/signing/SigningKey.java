package dev.cairn.signing;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;

/**
 * A region's current digest-signing key pair.
 *
 * @param region the region whose digests it signs
 * @param privateKey the RSA private key, for {@code SHA256withRSA}
 * @param publicKey the public half, with its fingerprint and validity
 */
public record SigningKey(String region, PrivateKey privateKey, PublicKeyInfo publicKey) {
    public SigningKey {
        requireNonNull(region, "region is null");
        requireNonNull(privateKey, "privateKey is null");
        requireNonNull(publicKey, "publicKey is null");
    }

    @Override
    public String toString() {
        return "SigningKey[" + region + ", " + publicKey.fingerprint() + "]";
    }
}
