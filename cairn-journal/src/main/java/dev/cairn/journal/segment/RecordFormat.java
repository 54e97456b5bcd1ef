package dev.cairn.journal.segment;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of one journal record in a segment file, after the segment header.
 *
 * <pre>
 * frame  = length:int32 crc:int32 body           (big-endian; crc is CRC32C of the 4 length bytes, then
 *                                                the body; MIN_BODY &lt;= length &lt;= MAX_BODY)
 * body   = keyLength:uint16 key:byte{keyLength} payload:byte*
 *                                                (key is the partition key in UTF-8; the payload is the
 *                                                rest of the body)
 * </pre>
 *
 * <p>A record's offset is the segment's base offset plus the frame's position after the header, so
 * offsets count frame bytes, and the next record's offset is this one's plus its frame length.
 */
final class RecordFormat {

    static final int FRAME_OVERHEAD = 8;
    static final int KEY_LENGTH_BYTES = 2;

    /** The longest partition key, in UTF-8 bytes: an account ID takes 12. */
    static final int MAX_KEY_BYTES = 1024;

    /** The largest payload any configuration allows, and so the largest that recovery accepts. */
    static final int MAX_PAYLOAD_BYTES = 64 << 20;

    static final int MIN_BODY = KEY_LENGTH_BYTES;
    static final int MAX_BODY = KEY_LENGTH_BYTES + MAX_KEY_BYTES + MAX_PAYLOAD_BYTES;

    private RecordFormat() {}

    /** The frames of one append, back to back, and where each begins. */
    record Frames(byte[] bytes, int[] starts) {}

    /**
     * Frames {@code payloads} under {@code key}, copying them.
     *
     * @throws IllegalArgumentException when the key is not valid UTF-16 or longer than
     *     {@link #MAX_KEY_BYTES}, or a payload is longer than {@code maxPayload}
     */
    static Frames encode(String key, List<byte[]> payloads, int maxPayload) {
        byte[] keyBytes = keyBytes(key);
        long total = 0;
        for (byte[] payload : payloads) {
            if (payload.length > maxPayload) {
                throw new IllegalArgumentException("journal record of " + payload.length
                        + " bytes is longer than the limit of " + maxPayload + " bytes");
            }
            total += FRAME_OVERHEAD + KEY_LENGTH_BYTES + keyBytes.length + payload.length;
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("journal append of " + payloads.size() + " records takes " + total
                    + " bytes, more than one append may take; append them in smaller batches");
        }
        byte[] bytes = new byte[(int) total];
        int[] starts = new int[payloads.size()];
        ByteBuffer out = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        for (int i = 0; i < payloads.size(); i++) {
            byte[] payload = payloads.get(i);
            int start = out.position();
            int length = KEY_LENGTH_BYTES + keyBytes.length + payload.length;
            starts[i] = start;
            out.putInt(length);
            out.putInt(0); // the checksum, set below
            out.putShort((short) keyBytes.length);
            out.put(keyBytes);
            out.put(payload);
            crc.reset();
            crc.update(bytes, start, 4);
            crc.update(bytes, start + FRAME_OVERHEAD, length);
            out.putInt(start + 4, (int) crc.getValue());
        }
        return new Frames(bytes, starts);
    }

    /** Returns whether {@code length}, read from a frame, is a possible body length. */
    static boolean validLength(int length) {
        return length >= MIN_BODY && length <= MAX_BODY;
    }

    /**
     * Returns whether the frame at {@code frameStart}, whose body of {@code length} bytes the buffer holds
     * whole, has a matching checksum. Uses absolute indexes: the buffer's position is left alone.
     */
    static boolean checksumMatches(ByteBuffer buffer, int frameStart, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(frameStart, 4));
        crc.update(buffer.slice(frameStart + FRAME_OVERHEAD, length));
        return (int) crc.getValue() == buffer.getInt(frameStart + 4);
    }

    /** A record's body, decoded. */
    record Body(String key, byte[] payload) {}

    /**
     * Decodes the body of a frame whose checksum matched, or returns null when the key length does not
     * fit the body: a frame this format did not write.
     */
    static @Nullable Body decodeBody(ByteBuffer buffer, int bodyStart, int length) {
        int keyLength = Short.toUnsignedInt(buffer.getShort(bodyStart));
        if (keyLength > MAX_KEY_BYTES || KEY_LENGTH_BYTES + keyLength > length) {
            return null;
        }
        byte[] keyBytes = new byte[keyLength];
        buffer.get(bodyStart + KEY_LENGTH_BYTES, keyBytes);
        byte[] payload = new byte[length - KEY_LENGTH_BYTES - keyLength];
        buffer.get(bodyStart + KEY_LENGTH_BYTES + keyLength, payload);
        return new Body(new String(keyBytes, UTF_8), payload);
    }

    private static byte[] keyBytes(String key) {
        byte[] bytes = key.getBytes(UTF_8);
        if (bytes.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("partition key of " + bytes.length
                    + " UTF-8 bytes is longer than the limit of " + MAX_KEY_BYTES + " bytes");
        }
        if (!new String(bytes, UTF_8).equals(key)) {
            throw new IllegalArgumentException(
                    "partition key '" + key + "' holds an unpaired surrogate, so it has no UTF-8 form");
        }
        return bytes;
    }
}
