package dev.cairn.signing;

import java.time.Instant;
import java.util.List;

/**
 * The keys that sign digest files: one RSA-2048 key pair per region at a time, replaced by a new one when
 * its validity period ends. Private keys never leave the store's owner-only files; public keys are kept
 * forever, so that digests signed long ago stay verifiable.
 *
 * <p>Contract: {@link #current} returns the same key for a region until its validity ends, and a key it
 * returned is found by {@link #publicKeys} for any range that overlaps its validity, also after a
 * restart.
 */
public interface SigningKeyStore {

    /**
     * Returns the key that signs digests of {@code region} at {@code now}, creating or rotating it when
     * none is valid then.
     */
    SigningKey current(String region, Instant now);

    /**
     * Returns the public keys of {@code region} whose validity overlaps {@code [from, to]}, oldest first.
     */
    List<PublicKeyInfo> publicKeys(String region, Instant from, Instant to);
}
