package dev.cairn.cli.validate;

import static java.util.Objects.requireNonNull;

import dev.cairn.time.Clock;
import dev.cairn.trail.validation.DigestResult;
import dev.cairn.trail.validation.LogFileResult;
import dev.cairn.trail.validation.ValidateLogsOutput;
import dev.cairn.trail.validation.ValidationListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A progress line on a terminal's standard error, redrawn in place at most ten times a second: the digests
 * and log files checked so far, the bar filled by digests checked over digest keys listed (a walk can read
 * a few more than it listed, through links; the bar then stays full). It is an {@link
 * ValidateLogsOutput.Overlay}: cleared before each line the output writes, drawn again after.
 */
final class ProgressBar implements ValidationListener, ValidateLogsOutput.Overlay {

    private static final long REDRAW_NANOS = Duration.ofMillis(100).toNanos();
    private static final int WIDTH = 24;

    private final PrintStream err;
    private final Clock clock;
    private int listed;
    private int digests;
    private int logFiles;
    private boolean started;
    private boolean finished;
    private long lastDraw;
    private int drawnWidth;

    ProgressBar(PrintStream err, Clock clock) {
        this.err = requireNonNull(err, "err is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public void digestsListed(int standard, int backfill) {
        listed = standard + backfill;
        started = true;
        draw();
    }

    @Override
    public void digestChecked(DigestResult result) {
        digests++;
        maybeDraw();
    }

    @Override
    public void logFileChecked(LogFileResult result) {
        logFiles++;
        maybeDraw();
    }

    @Override
    public void hide() {
        if (drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
            drawnWidth = 0;
        }
    }

    @Override
    public void show() {
        if (started && !finished) {
            draw();
        }
    }

    /** Clears the line for good. */
    void finish() {
        hide();
        finished = true;
    }

    /** The progress line, such as {@code [######------------------]  3/12 digest files, 25 log files checked}. */
    static String line(int digests, int listed, int logFiles) {
        double done = listed == 0 ? 1 : Math.min(1, digests / (double) listed);
        int filled = (int) Math.round(done * WIDTH);
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] "
                + String.format(
                        Locale.ROOT,
                        "%d/%d digest file%s, %d log file%s checked",
                        digests,
                        listed,
                        listed == 1 ? "" : "s",
                        logFiles,
                        logFiles == 1 ? "" : "s");
    }

    private void maybeDraw() {
        if (started && !finished && clock.monotonicNanos() - lastDraw >= REDRAW_NANOS) {
            draw();
        }
    }

    private void draw() {
        String line = line(digests, listed, logFiles);
        String padded = line.length() < drawnWidth ? line + " ".repeat(drawnWidth - line.length()) : line;
        err.print("\r" + padded);
        err.flush();
        drawnWidth = Math.max(drawnWidth, line.length());
        lastDraw = clock.monotonicNanos();
    }
}
