package dev.cairn.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The text form of CloudTrail times: {@code yyyy-MM-ddTHH:mm:ssZ}, UTC, whole seconds, exactly 20
 * characters, as in {@code "2019-06-19T00:18:31Z"}. Parsing accepts that form and nothing else, so that
 * formatting a parsed time gives back the same text.
 */
final class EventTime {

    static final int LENGTH = 20;
    private static final long SECONDS_PER_DAY = 86_400;
    private static final long MIN_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * SECONDS_PER_DAY;
    private static final long MAX_SECOND = (LocalDate.of(9999, 12, 31).toEpochDay() + 1) * SECONDS_PER_DAY - 1;

    private EventTime() {}

    /** Whether {@code time} has a four-digit year, so that it can be written in this form. */
    static boolean isWritable(Instant time) {
        long second = time.getEpochSecond();
        return second >= MIN_SECOND && second <= MAX_SECOND;
    }

    /** Writes {@code time}, truncated to the second, into {@code out[0..20)}. */
    static void format(Instant time, char[] out) {
        long second = time.getEpochSecond();
        if (second < MIN_SECOND || second > MAX_SECOND) {
            throw new IllegalArgumentException("time " + time + " has no four-digit year; CloudTrail times run"
                    + " from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
        }
        long day = Math.floorDiv(second, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(second, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(day);
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        out[19] = 'Z';
    }

    static String format(Instant time) {
        char[] out = new char[LENGTH];
        format(time, out);
        return new String(out);
    }

    /**
     * Returns the time {@code text} names.
     *
     * @throws IllegalArgumentException if it is not a valid time in exactly the form yyyy-MM-ddTHH:mm:ssZ
     */
    static Instant parse(String text) {
        if (text.length() != LENGTH
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':'
                || text.charAt(19) != 'Z') {
            throw new IllegalArgumentException("not in the form yyyy-MM-ddTHH:mm:ssZ");
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int dayOfMonth = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        if (hour > 23 || minute > 59 || second > 59) {
            throw new IllegalArgumentException("no such time of day: " + text.substring(11, 19));
        }
        long day;
        try {
            day = LocalDate.of(year, month, dayOfMonth).toEpochDay();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("no such date: " + text.substring(0, 10));
        }
        return Instant.ofEpochSecond(day * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second);
    }

    private static int number(String text, int start, int length) {
        int value = 0;
        for (int i = start; i < start + length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not in the form yyyy-MM-ddTHH:mm:ssZ");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void digits(char[] out, int start, int value, int length) {
        for (int i = start + length - 1; i >= start; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
