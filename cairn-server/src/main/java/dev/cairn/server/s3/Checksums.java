package dev.cairn.server.s3;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The object checksums S3 accepts in {@code x-amz-checksum-<algorithm>} headers and trailers, each the
 * base64 of the big-endian digest: CRC32, CRC32C, CRC64NVME, SHA1 and SHA256; and {@code Content-MD5}.
 */
final class Checksums {
    /** The header and trailer names, {@code x-amz-checksum-crc32} and so on, in lower case. */
    static final List<String> HEADERS = List.of(
            "x-amz-checksum-crc32",
            "x-amz-checksum-crc32c",
            "x-amz-checksum-crc64nvme",
            "x-amz-checksum-sha1",
            "x-amz-checksum-sha256");

    private static final long CRC64_NVME_REFLECTED_POLY = 0x9A6C9329AC4BC9B5L;
    private static final long[] CRC64_TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ CRC64_NVME_REFLECTED_POLY : crc >>> 1;
            }
            CRC64_TABLE[i] = crc;
        }
    }

    private Checksums() {}

    /**
     * Checks a checksum header or trailer against the content.
     *
     * @param name the header name, such as {@code x-amz-checksum-crc32}
     * @throws S3Exception {@code InvalidRequest} for an unknown algorithm or a value that is not base64 of
     *     the algorithm's length, {@code BadDigest} when the content has another checksum
     */
    static void verify(String name, String value, byte[] content) {
        String algorithm = name.toLowerCase(Locale.ROOT).substring("x-amz-checksum-".length());
        byte[] expected = digest(algorithm, content);
        if (expected == null) {
            throw S3Error.INVALID_REQUEST.withDetail(
                    "Value for x-amz-checksum-" + algorithm + " header is invalid: unknown checksum algorithm.");
        }
        byte[] claimed;
        try {
            claimed = Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            claimed = new byte[0];
        }
        if (claimed.length != expected.length) {
            throw S3Error.INVALID_REQUEST.withDetail("Value for x-amz-checksum-" + algorithm + " header is invalid.");
        }
        if (!MessageDigest.isEqual(claimed, expected)) {
            throw S3Error.BAD_DIGEST.withDetail("The " + algorithm.toUpperCase(Locale.ROOT)
                    + " you specified did not match the calculated checksum.");
        }
    }

    /** Checks {@code Content-MD5}, the base64 of the content's MD5. */
    static void verifyContentMd5(String value, byte[] content) {
        byte[] claimed;
        try {
            claimed = Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            throw S3Error.INVALID_DIGEST.exception();
        }
        if (claimed.length != 16) {
            throw S3Error.INVALID_DIGEST.exception();
        }
        if (!MessageDigest.isEqual(claimed, md5(content))) {
            throw S3Error.BAD_DIGEST.exception();
        }
    }

    /** Returns the digest of {@code content} by the algorithm's lower-case name, or null if unknown. */
    static byte @Nullable [] digest(String algorithm, byte[] content) {
        return switch (algorithm) {
            case "crc32" -> {
                CRC32 crc = new CRC32();
                crc.update(content);
                yield ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
            }
            case "crc32c" -> {
                CRC32C crc = new CRC32C();
                crc.update(content);
                yield ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
            }
            case "crc64nvme" ->
                ByteBuffer.allocate(8).putLong(crc64Nvme(content)).array();
            case "sha1" -> messageDigest("SHA-1").digest(content);
            case "sha256" -> messageDigest("SHA-256").digest(content);
            default -> null;
        };
    }

    static byte[] md5(byte[] content) {
        return messageDigest("MD5").digest(content);
    }

    /** CRC-64/NVME: reflected, polynomial 0xAD93D23594C93659, initial value and final XOR all ones. */
    static long crc64Nvme(byte[] content) {
        long crc = -1L;
        for (byte b : content) {
            crc = CRC64_TABLE[(int) ((crc ^ b) & 0xFF)] ^ (crc >>> 8);
        }
        return ~crc;
    }

    private static MessageDigest messageDigest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is missing from this JDK", e);
        }
    }
}
