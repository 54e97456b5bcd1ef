package dev.cairn.trail.keys;

import static java.util.Objects.requireNonNull;

import dev.cairn.signing.PublicKeyInfo;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Conversions between a Java RSA public key and the two forms CloudTrail publishes: the DER encoding of the
 * PKCS#1 {@code RSAPublicKey} (ListPublicKeys' {@code Value}) and its fingerprint, the lowercase hex MD5 of
 * those DER bytes.
 *
 * <p>Java encodes public keys as an X.509 {@code SubjectPublicKeyInfo}, which wraps the PKCS#1 structure in
 * an algorithm identifier and a BIT STRING; validate-logs refuses that form ("Unable to load PKCS #1 key"),
 * so the wrapping is parsed and removed here, checking each part rather than cutting a fixed number of
 * bytes.
 */
public final class PublicKeys {

    /** DER of the AlgorithmIdentifier's OID 1.2.840.113549.1.1.1 (rsaEncryption), tag and length included. */
    private static final byte[] RSA_ENCRYPTION_OID = HexFormat.of().parseHex("06092a864886f70d010101");

    private static final byte[] DER_NULL = {0x05, 0x00};
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int BIT_STRING = 0x03;

    private PublicKeys() {}

    /** Returns the DER encoding of {@code key}'s PKCS#1 {@code RSAPublicKey}: 270 bytes for a 2048-bit key. */
    public static byte[] pkcs1Der(RSAPublicKey key) {
        requireNonNull(key, "key is null");
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"X.509".equals(key.getFormat())) {
            throw new IllegalArgumentException(
                    "RSA public key has encoding format " + key.getFormat() + "; X.509 SubjectPublicKeyInfo is needed");
        }
        return pkcs1Der(encoded);
    }

    /**
     * Returns the PKCS#1 {@code RSAPublicKey} DER inside the X.509 {@code SubjectPublicKeyInfo} DER {@code
     * spki}.
     *
     * @throws IllegalArgumentException if {@code spki} is not the SubjectPublicKeyInfo of an RSA key
     */
    public static byte[] pkcs1Der(byte[] spki) {
        requireNonNull(spki, "spki is null");
        Tlv outer = Tlv.read(spki, 0, spki.length, SEQUENCE, "SubjectPublicKeyInfo");
        if (outer.end != spki.length) {
            throw new IllegalArgumentException("SubjectPublicKeyInfo has " + (spki.length - outer.end)
                    + " bytes after its end; a single DER SEQUENCE is needed");
        }
        Tlv algorithm = Tlv.read(spki, outer.contentStart, outer.end, SEQUENCE, "AlgorithmIdentifier");
        Tlv oid = Tlv.read(spki, algorithm.contentStart, algorithm.end, 0x06, "algorithm OID");
        if (!Arrays.equals(spki, oid.start, oid.end, RSA_ENCRYPTION_OID, 0, RSA_ENCRYPTION_OID.length)) {
            throw new IllegalArgumentException("SubjectPublicKeyInfo is for algorithm "
                    + HexFormat.of().formatHex(spki, oid.start, oid.end)
                    + ", not rsaEncryption (06092a864886f70d010101)");
        }
        boolean noParameters = oid.end == algorithm.end;
        boolean nullParameters = Arrays.equals(spki, oid.end, algorithm.end, DER_NULL, 0, DER_NULL.length);
        if (!noParameters && !nullParameters) {
            throw new IllegalArgumentException(
                    "rsaEncryption AlgorithmIdentifier has parameters other than NULL; none are allowed");
        }
        Tlv bits = Tlv.read(spki, algorithm.end, outer.end, BIT_STRING, "subjectPublicKey");
        if (bits.end != outer.end) {
            throw new IllegalArgumentException("SubjectPublicKeyInfo has data after its subjectPublicKey");
        }
        if (bits.contentStart == bits.end || spki[bits.contentStart] != 0) {
            throw new IllegalArgumentException("subjectPublicKey BIT STRING must start with 0 unused bits");
        }
        byte[] pkcs1 = Arrays.copyOfRange(spki, bits.contentStart + 1, bits.end);
        checkPkcs1(pkcs1);
        return pkcs1;
    }

    /**
     * Returns the RSA public key whose PKCS#1 {@code RSAPublicKey} DER is {@code pkcs1Der}.
     *
     * @throws IllegalArgumentException if {@code pkcs1Der} is not such a structure
     */
    public static RSAPublicKey fromPkcs1Der(byte[] pkcs1Der) {
        checkPkcs1(requireNonNull(pkcs1Der, "pkcs1Der is null"));
        ByteArrayOutputStream algorithm = new ByteArrayOutputStream();
        algorithm.writeBytes(RSA_ENCRYPTION_OID);
        algorithm.writeBytes(DER_NULL);
        ByteArrayOutputStream bits = new ByteArrayOutputStream();
        bits.write(0);
        bits.writeBytes(pkcs1Der);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(tlv(SEQUENCE, algorithm.toByteArray()));
        body.writeBytes(tlv(BIT_STRING, bits.toByteArray()));
        byte[] spki = tlv(SEQUENCE, body.toByteArray());
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("PKCS#1 RSAPublicKey DER is not a valid RSA public key: " + e, e);
        }
    }

    /** Returns the lowercase hex MD5 of {@code der}: a CloudTrail public key fingerprint (32 characters). */
    public static String fingerprint(byte[] der) {
        requireNonNull(der, "der is null");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5, which every Java platform must have", e);
        }
    }

    /** Returns {@code key} as ListPublicKeys describes it, valid over {@code [validityStart, validityEnd]}. */
    public static PublicKeyInfo info(RSAPublicKey key, Instant validityStart, Instant validityEnd) {
        byte[] der = pkcs1Der(key);
        return new PublicKeyInfo(der, validityStart, validityEnd, fingerprint(der));
    }

    /** Throws unless {@code der} is exactly one SEQUENCE of two INTEGERs (modulus, public exponent). */
    private static void checkPkcs1(byte[] der) {
        Tlv sequence = Tlv.read(der, 0, der.length, SEQUENCE, "RSAPublicKey");
        if (sequence.end != der.length) {
            throw new IllegalArgumentException("RSAPublicKey has " + (der.length - sequence.end)
                    + " bytes after its end; a single DER SEQUENCE is needed");
        }
        Tlv modulus = Tlv.read(der, sequence.contentStart, sequence.end, INTEGER, "modulus");
        Tlv exponent = Tlv.read(der, modulus.end, sequence.end, INTEGER, "publicExponent");
        if (exponent.end != sequence.end) {
            throw new IllegalArgumentException("RSAPublicKey has members after modulus and publicExponent");
        }
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** One DER tag-length-value: {@code start} is the tag's index, {@code end} is one past the value. */
    private record Tlv(int start, int contentStart, int end) {

        /** Reads the TLV at {@code start}, which must lie within {@code limit} and carry {@code tag}. */
        static Tlv read(byte[] der, int start, int limit, int tag, String what) {
            if (start + 2 > limit) {
                throw new IllegalArgumentException(what + " is missing or truncated at byte " + start);
            }
            int actual = der[start] & 0xff;
            if (actual != tag) {
                throw new IllegalArgumentException(
                        what + " has DER tag 0x%02x at byte %d; 0x%02x is needed".formatted(actual, start, tag));
            }
            int first = der[start + 1] & 0xff;
            int position = start + 2;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int count = first & 0x7f;
                if (count == 0 || count > 4 || position + count > limit) {
                    throw new IllegalArgumentException(what + " has an invalid DER length at byte " + (start + 1));
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (der[position++] & 0xff);
                }
            }
            if (position + length > limit) {
                throw new IllegalArgumentException(what + " claims " + length + " bytes but only " + (limit - position)
                        + " remain at byte " + position);
            }
            return new Tlv(start, position, (int) (position + length));
        }
    }
}
