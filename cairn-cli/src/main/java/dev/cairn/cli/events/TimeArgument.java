package dev.cairn.cli.events;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reading of {@code --start} and {@code --end}: an ISO-8601 instant ({@code 2026-01-15T10:00:00Z}, or
 * with an offset such as {@code +02:00}), a date ({@code 2026-01-15}, its first instant in UTC), {@code now},
 * or a span ago: a whole number followed by {@code s}, {@code m}, {@code h}, {@code d} or {@code w}
 * ({@code 30m} is thirty minutes before now).
 */
final class TimeArgument {
    private static final Pattern AGO = Pattern.compile("(\\d{1,9})([smhdw])");

    private TimeArgument() {}

    /**
     * Returns the instant {@code text} names, relative spans counted back from {@code now}.
     *
     * @throws IllegalArgumentException naming {@code option} when {@code text} is none of the accepted forms
     */
    static Instant parse(String option, String text, Instant now) {
        requireNonNull(text, "text is null");
        requireNonNull(now, "now is null");
        String t = text.strip();
        if (t.equalsIgnoreCase("now")) {
            return now;
        }
        Matcher ago = AGO.matcher(t);
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            Duration span = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(7 * amount);
            };
            return now.minus(span);
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            // try a date next
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " '" + text + "' is not a time: give an ISO-8601 instant such as"
                + " 2026-01-15T10:00:00Z, a date such as 2026-01-15 (UTC), now, or a span ago such as 30m, 1h, 7d"
                + " (units s, m, h, d, w)");
    }
}
