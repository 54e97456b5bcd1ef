package dev.cairn.server.s3;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The two encodings of object keys on S3's wire: percent-decoding of the request path (where, unlike a
 * query string, {@code +} is a plus sign), and the {@code encoding-type=url} encoding of keys in listings.
 */
final class KeyEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private KeyEncoding() {}

    /**
     * Percent-decodes {@code raw[from, to)} of a request path as UTF-8; nothing else is changed, so
     * {@code a//b} and {@code ./x} stay as they are.
     *
     * @throws S3Exception {@code InvalidURI} for a broken escape or bytes that are not UTF-8
     */
    static String decodePath(String raw, int from, int to) {
        if (raw.indexOf('%', from) < 0 || raw.indexOf('%', from) >= to) {
            return raw.substring(from, to);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < to ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = i + 2 < to ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw S3Error.INVALID_URI.exception();
                }
                bytes.write((hi << 4) | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < to ? i + 2 : i + 1;
                bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw S3Error.INVALID_URI.exception();
        }
    }

    /**
     * Encodes a key (or prefix, marker, delimiter) as S3 does for {@code encoding-type=url}: each UTF-8 byte
     * other than {@code A-Z a-z 0-9 - . _ ~ /} as {@code %XX}, and a space as {@code +}. Both botocore
     * ({@code unquote_plus}) and the AWS SDK for Java ({@code URLDecoder}) decode it back.
     */
    static String urlEncode(String value) {
        int i = 0;
        while (i < value.length() && plain(value.charAt(i))) {
            i++;
        }
        if (i == value.length()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        out.append(value, 0, i);
        byte[] rest = value.substring(i).getBytes(StandardCharsets.UTF_8);
        for (byte b : rest) {
            int c = b & 0xFF;
            if (c < 0x80 && plain((char) c)) {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    private static boolean plain(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~'
                || c == '/';
    }
}
