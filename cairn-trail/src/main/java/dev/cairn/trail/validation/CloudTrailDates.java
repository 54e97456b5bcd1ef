package dev.cairn.trail.validation;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * The times validate-logs reads and prints: it reads the digest times, {@code --start-time} and {@code
 * --end-time} with a lenient parser, and prints times as {@code 2024-05-01T10:01:31Z} (whole seconds, UTC).
 */
public final class CloudTrailDates {

    private static final DateTimeFormatter DISPLAY =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** {@code 20150817T150131Z}: the digest end time in a digest key. */
    static final DateTimeFormatter KEY =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** {@code 20150817T1445Z}: the delivery time in a log file key. */
    static final DateTimeFormatter LOG_KEY =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    private CloudTrailDates() {}

    /** Returns {@code time} as validate-logs prints it: {@code 2024-05-01T10:01:31Z}, the fraction dropped. */
    public static String display(Instant time) {
        return DISPLAY.format(requireNonNull(time, "time is null").truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Returns the instant {@code text} names: an ISO-8601 date-time with {@code Z} or an offset ({@code
     * 2024-05-01T10:00:00Z}), one without either (taken as UTC), a date ({@code 2024-05-01}, its first instant
     * in UTC), or the compact form of digest keys ({@code 20240501T100131Z}).
     *
     * @throws IllegalArgumentException with validate-logs' message {@code Unable to parse date value: text}
     */
    public static Instant parse(String text) {
        @Nullable Instant time = tryParse(requireNonNull(text, "text is null"));
        if (time == null) {
            throw new IllegalArgumentException("Unable to parse date value: " + text);
        }
        return time;
    }

    /** Returns the instant {@code value} names if it is a string that {@link #parse} reads, else null. */
    static @Nullable Instant tryParse(@Nullable Object value) {
        if (!(value instanceof String text)) {
            return null;
        }
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeException e) {
            // next form
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            // next form
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeException e) {
            // next form
        }
        try {
            return Instant.from(KEY.parse(t));
        } catch (DateTimeException e) {
            return null;
        }
    }
}
