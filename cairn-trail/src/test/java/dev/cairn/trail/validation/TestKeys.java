package dev.cairn.trail.validation;

import dev.cairn.signing.PublicKeyInfo;
import dev.cairn.signing.SigningKey;
import dev.cairn.signing.SigningKeyStore;
import dev.cairn.trail.keys.PublicKeys;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;

/**
 * A {@link SigningKeyStore} in memory with one key per region, valid through May 2024, made from RSA key
 * pairs generated once per test run. {@link #OTHER} is a second pair, for digests signed with a key that
 * the store does not know.
 */
final class TestKeys implements SigningKeyStore {

    static final Instant VALID_FROM = Instant.parse("2024-05-01T00:00:00Z");
    static final Instant VALID_TO = Instant.parse("2024-06-01T00:00:00Z");
    static final KeyPair PAIR = generate();
    static final KeyPair OTHER = generate();

    private final KeyPair pair;

    TestKeys() {
        this(PAIR);
    }

    TestKeys(KeyPair pair) {
        this.pair = pair;
    }

    /** Returns the key pair's public half as ListPublicKeys describes it. */
    PublicKeyInfo info() {
        return PublicKeys.info((RSAPublicKey) pair.getPublic(), VALID_FROM, VALID_TO);
    }

    @Override
    public SigningKey current(String region, Instant now) {
        return new SigningKey(region, pair.getPrivate(), info());
    }

    @Override
    public List<PublicKeyInfo> publicKeys(String region, Instant from, Instant to) {
        PublicKeyInfo info = info();
        boolean overlaps =
                !info.validityStart().isAfter(to) && !info.validityEnd().isBefore(from);
        return overlaps ? List.of(info) : List.of();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
