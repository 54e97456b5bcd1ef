package dev.cairn.protocol.sigv4;

import java.util.Arrays;

/**
 * A growable byte buffer that canonical requests and strings to sign are written into, reused across
 * requests on one thread so that building them allocates nothing once it has grown.
 */
final class ByteSink {
    private static final byte[] UPPER_HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] LOWER_HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int length;

    ByteSink(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    void reset() {
        length = 0;
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    void write(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    void write(byte[] b) {
        write(b, 0, b.length);
    }

    void write(byte[] b, int offset, int count) {
        ensure(count);
        System.arraycopy(b, offset, bytes, length, count);
        length += count;
    }

    /** Writes the characters of {@code s} encoded as UTF-8. */
    void utf8(String s) {
        utf8(s, 0, s.length());
    }

    /** Writes the characters {@code [from, to)} of {@code s} encoded as UTF-8. */
    void utf8(String s, int from, int to) {
        ensure(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                write(c);
            } else {
                i = utf8Char(s, i, to, false);
            }
        }
    }

    /**
     * Writes the UTF-8 encoding of the (possibly surrogate-paired) character at {@code i}, each byte as
     * {@code %XX} when {@code percent}; returns the index of its last char.
     */
    int utf8Char(String s, int i, int to, boolean percent) {
        char c = s.charAt(i);
        int cp = c;
        int last = i;
        if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
            cp = Character.toCodePoint(c, s.charAt(i + 1));
            last = i + 1;
        } else if (Character.isSurrogate(c)) {
            cp = '?'; // what String.getBytes(UTF_8) substitutes for an unpaired surrogate
        }
        if (cp < 0x80) {
            raw(cp, percent);
        } else if (cp < 0x800) {
            raw(0xC0 | (cp >> 6), percent);
            raw(0x80 | (cp & 0x3F), percent);
        } else if (cp < 0x10000) {
            raw(0xE0 | (cp >> 12), percent);
            raw(0x80 | ((cp >> 6) & 0x3F), percent);
            raw(0x80 | (cp & 0x3F), percent);
        } else {
            raw(0xF0 | (cp >> 18), percent);
            raw(0x80 | ((cp >> 12) & 0x3F), percent);
            raw(0x80 | ((cp >> 6) & 0x3F), percent);
            raw(0x80 | (cp & 0x3F), percent);
        }
        return last;
    }

    private void raw(int b, boolean percent) {
        if (percent) {
            percent(b);
        } else {
            write(b);
        }
    }

    /** Writes {@code b} as {@code %XX} with upper-case hex digits, as SigV4 requires. */
    void percent(int b) {
        ensure(3);
        bytes[length++] = '%';
        bytes[length++] = UPPER_HEX[(b >> 4) & 0xF];
        bytes[length++] = UPPER_HEX[b & 0xF];
    }

    /** Writes {@code digest} as lower-case hex. */
    void hex(byte[] digest) {
        ensure(digest.length * 2);
        for (byte b : digest) {
            bytes[length++] = LOWER_HEX[(b >> 4) & 0xF];
            bytes[length++] = LOWER_HEX[b & 0xF];
        }
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8);
    }
}
