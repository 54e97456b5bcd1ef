package dev.cairn.trail.digest;

import dev.cairn.signing.SigningKey;
import dev.cairn.trail.keys.PublicKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * A fixed RSA-2048 key for golden tests. It was generated for these tests only (openssl genpkey) and signs
 * nothing else; its fingerprint, computed outside Java (openssl + Python MD5), is {@link #FINGERPRINT}.
 */
final class TestSigningKeys {

    static final String FINGERPRINT = "7ef1fd36148d0276c6f7fcda89be55e0";
    static final Instant VALID_FROM = Instant.parse("2024-05-01T00:00:00Z");
    static final Instant VALID_TO = Instant.parse("2024-05-31T00:00:00Z");

    private TestSigningKeys() {}

    /** Returns the fixed key as the key of {@code region}. */
    static SigningKey fixed(String region) {
        try (InputStream in = TestSigningKeys.class.getResourceAsStream("test-signing-key.pk8.b64")) {
            if (in == null) {
                throw new IllegalStateException("test-signing-key.pk8.b64 is missing from the test resources");
            }
            byte[] der = Base64.getMimeDecoder().decode(in.readAllBytes());
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
            RSAPublicKey publicKey = (RSAPublicKey)
                    rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            return new SigningKey(region, privateKey, PublicKeys.info(publicKey, VALID_FROM, VALID_TO));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
