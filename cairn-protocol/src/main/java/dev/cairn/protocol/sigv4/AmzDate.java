package dev.cairn.protocol.sigv4;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** Reads and writes the timestamps of SigV4: ISO 8601 basic format ({@code 20260115T123456Z}) and HTTP dates. */
final class AmzDate {
    private AmzDate() {}

    /** Parses {@code yyyyMMdd'T'HHmmss'Z'} strictly; returns null for anything else. */
    static @Nullable Instant parseBasic(String s) {
        if (s.length() != 16 || s.charAt(8) != 'T' || s.charAt(15) != 'Z') {
            return null;
        }
        for (int i = 0; i < 15; i++) {
            if (i != 8 && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
                return null;
            }
        }
        try {
            return LocalDateTime.of(
                            digits(s, 0, 4),
                            digits(s, 4, 6),
                            digits(s, 6, 8),
                            digits(s, 9, 11),
                            digits(s, 11, 13),
                            digits(s, 13, 15))
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Parses an HTTP Date header (RFC 1123, as botocore and the SDKs write it); returns null otherwise. */
    static @Nullable Instant parseHttpDate(String s) {
        try {
            return DateTimeFormatter.RFC_1123_DATE_TIME.parse(s.strip(), Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    /** Formats {@code t}, truncated to the second, as {@code yyyyMMdd'T'HHmmss'Z'}. */
    static String formatBasic(Instant t) {
        char[] c = new char[16];
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        put(c, 0, d.getYear(), 4);
        put(c, 4, d.getMonthValue(), 2);
        put(c, 6, d.getDayOfMonth(), 2);
        c[8] = 'T';
        put(c, 9, d.getHour(), 2);
        put(c, 11, d.getMinute(), 2);
        put(c, 13, d.getSecond(), 2);
        c[15] = 'Z';
        return new String(c);
    }

    /** Writes {@code t} like {@link #formatBasic} but straight into {@code out}. */
    static void writeBasic(Instant t, ByteSink out) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        digits(out, d.getYear(), 4);
        digits(out, d.getMonthValue(), 2);
        digits(out, d.getDayOfMonth(), 2);
        out.write('T');
        digits(out, d.getHour(), 2);
        digits(out, d.getMinute(), 2);
        digits(out, d.getSecond(), 2);
        out.write('Z');
    }

    private static void digits(ByteSink out, int value, int width) {
        for (int div = width == 4 ? 1000 : 10; div > 0; div /= 10) {
            out.write('0' + (value / div) % 10);
        }
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
