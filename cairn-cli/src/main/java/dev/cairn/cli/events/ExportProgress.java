package dev.cairn.cli.events;

import static java.util.Objects.requireNonNull;

import dev.cairn.time.Clock;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What {@code events export} tells the person waiting, on standard error: on a terminal, a progress line
 * redrawn in place (events written, their rate, and how much of the time range the walk from the newest
 * event back to the oldest has covered); in every case one summary line at the end. Off a terminal nothing
 * but the summary is printed, so that logs stay clean.
 *
 * <p>The covered fraction is {@code (end - oldest event seen) / (end - start)}. Without {@code --start} the
 * range starts {@link #DEFAULT_RANGE} before its end, the reach of event history by default.
 */
final class ExportProgress {
    /** The range assumed when no start is given: the 90 days event history keeps by default. */
    static final Duration DEFAULT_RANGE = Duration.ofDays(90);

    private static final long REDRAW_NANOS = Duration.ofMillis(100).toNanos();
    private static final int BAR_WIDTH = 24;

    private final PrintStream err;
    private final boolean terminal;
    private final Clock clock;
    private final Instant start;
    private final Instant end;
    private final long startedNanos;
    private long lastDrawNanos = Long.MIN_VALUE;
    private int drawnWidth;

    ExportProgress(PrintStream err, boolean terminal, Clock clock, Instant start, Instant end) {
        this.err = requireNonNull(err, "err is null");
        this.terminal = terminal;
        this.clock = requireNonNull(clock, "clock is null");
        this.start = requireNonNull(start, "start is null");
        this.end = requireNonNull(end, "end is null");
        this.startedNanos = clock.monotonicNanos();
    }

    /** Returns how much of [start, end] lies between {@code oldest} and the end, from 0 to 1. */
    double covered(Instant oldest) {
        long range = Duration.between(start, end).toMillis();
        if (range <= 0) {
            return 1;
        }
        double done = Duration.between(oldest, end).toMillis() / (double) range;
        return Math.max(0, Math.min(1, done));
    }

    /**
     * Redraws the progress line, at most ten times a second, after a page that reached back to {@code
     * oldest}; null for an empty page, which ends the walk.
     */
    void update(long written, @Nullable Instant oldest) {
        if (!terminal) {
            return;
        }
        long now = clock.monotonicNanos();
        if (lastDrawNanos != Long.MIN_VALUE && now - lastDrawNanos < REDRAW_NANOS) {
            return;
        }
        lastDrawNanos = now;
        Instant reached = oldest == null ? start : oldest;
        draw(line(written, oldest == null ? 1 : covered(oldest), rate(written, now), reached));
    }

    /** Clears the progress line and prints the summary. */
    void finish(long written, int pages, int retries, String destination) {
        long now = clock.monotonicNanos();
        if (terminal && drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
        }
        err.println(summary(written, pages, retries, destination, Duration.ofNanos(now - startedNanos)));
        err.flush();
    }

    private double rate(long written, long now) {
        double seconds = (now - startedNanos) / 1e9;
        return seconds <= 0 ? 0 : written / seconds;
    }

    /** The progress line, such as {@code [############------------]  50%  1,200 events  400/s  back to ...}. */
    static String line(long written, double covered, double perSecond, Instant oldest) {
        int filled = (int) Math.round(covered * BAR_WIDTH);
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] "
                + String.format(
                        Locale.ROOT,
                        "%3d%%  %,d events  %,.0f/s  back to %s",
                        Math.round(covered * 100),
                        written,
                        perSecond,
                        DateTimeFormatter.ISO_INSTANT.format(oldest.truncatedTo(ChronoUnit.SECONDS)));
    }

    /** The summary line, such as {@code exported 120 events (3 pages, 1 retry) to out.csv in 1.2 s}. */
    static String summary(long written, int pages, int retries, String destination, Duration took) {
        String retried = retries == 0 ? "" : ", " + retries + (retries == 1 ? " retry" : " retries");
        return String.format(
                Locale.ROOT,
                "exported %d event%s (%d page%s%s) to %s in %.1f s",
                written,
                written == 1 ? "" : "s",
                pages,
                pages == 1 ? "" : "s",
                retried,
                destination,
                took.toMillis() / 1000.0);
    }

    private void draw(String line) {
        String padded = line.length() < drawnWidth ? line + " ".repeat(drawnWidth - line.length()) : line;
        err.print("\r" + padded);
        err.flush();
        drawnWidth = Math.max(drawnWidth, line.length());
    }
}
