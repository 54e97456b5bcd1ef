package dev.cairn.protocol.query;

import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.error.CommonError;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} text (a form body or a URL query string) into
 * parameters: {@code +} is a space, {@code %XX} a UTF-8 byte. Malformed escapes and invalid UTF-8 are
 * refused rather than guessed at.
 */
public final class FormDecoder {
    private FormDecoder() {}

    /** Adds the parameters of {@code form} to {@code into}; a repeated name keeps its first value. */
    public static void decode(String form, Map<String, String> into) {
        int start = 0;
        int length = form.length();
        while (start <= length) {
            int amp = form.indexOf('&', start);
            int end = amp < 0 ? length : amp;
            if (end > start) {
                int eq = form.indexOf('=', start);
                String name;
                String value;
                if (eq < 0 || eq > end) {
                    name = unescape(form, start, end);
                    value = "";
                } else {
                    name = unescape(form, start, eq);
                    value = unescape(form, eq + 1, end);
                }
                into.putIfAbsent(name, value);
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
    }

    /** Percent-decodes {@code s[from, to)} as form text. */
    static String unescape(String s, int from, int to) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '+') {
                plain = false;
                break;
            }
        }
        if (plain) {
            return s.substring(from, to);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= to) {
                    throw malformed(s.substring(from, to));
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw malformed(s.substring(from, to));
                }
                bytes.write((hi << 4) | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < to) {
                    utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed(s.substring(from, to));
        }
    }

    private static AwsException malformed(String text) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return new AwsException(
                CommonError.MALFORMED_QUERY_STRING.code(),
                400,
                "The parameter '" + shown + "' is not valid form-urlencoded text.");
    }
}
