package dev.cairn.server.edge;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The RFC 1123 {@code Date} header value, formatted at most once a second. */
final class HttpDate {
    private record Cached(long second, String text) {}

    private static volatile Cached cached = new Cached(-1, "");

    private HttpDate() {}

    static String now() {
        long millis = System.currentTimeMillis();
        long second = millis / 1000;
        Cached c = cached;
        if (c.second() != second) {
            c = new Cached(
                    second,
                    DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(second), ZoneOffset.UTC)));
            cached = c;
        }
        return c.text();
    }
}
