package dev.cairn.trail.validation;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.time.Instant;

/**
 * What {@code validate-logs} prints, byte for byte as the aws CLI prints it: a first line naming the trail and
 * the range on standard output; each INVALID verdict and each gap on standard error, followed by a blank
 * line (and preceded by one when a valid line came just before); valid verdicts on standard output only
 * when verbose; and the summary on standard output:
 *
 * <pre>
 * Results requested for 2024-05-01T00:00:00Z to 2024-05-01T23:00:00Z
 * Results found for 2024-05-01T10:01:31Z to 2024-05-01T13:01:31Z:
 *
 * 3/3 digest files valid
 * 2/3 log files valid, 1/3 log files INVALID
 * </pre>
 *
 * <p>An {@link Overlay}, such as a progress bar on a terminal, is hidden before each write and shown again
 * after it.
 */
public final class ValidateLogsOutput implements ValidationListener {

    /** Something drawn over the output that must be cleared while a line is written. */
    public interface Overlay {

        /** An overlay that draws nothing. */
        Overlay NONE = new Overlay() {
            @Override
            public void hide() {}

            @Override
            public void show() {}
        };

        /** Clears the overlay, before a line is written. */
        void hide();

        /** Draws the overlay again, after a line was written. */
        void show();
    }

    private final PrintStream out;
    private final PrintStream err;
    private final boolean verbose;
    private final Overlay overlay;
    private boolean lastStatusDoubleSpaced = true;

    /**
     * @param out standard output
     * @param err standard error
     * @param verbose whether valid verdicts are printed
     * @param overlay what to hide around each write
     */
    public ValidateLogsOutput(PrintStream out, PrintStream err, boolean verbose, Overlay overlay) {
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
        this.verbose = verbose;
        this.overlay = requireNonNull(overlay, "overlay is null");
    }

    /** Prints the first line: {@code Validating log files for trail <arn> between <start> and <end>}. */
    public void started(String trailArn, Instant start, Instant end) {
        write(
                out,
                "Validating log files for trail " + trailArn + " between " + CloudTrailDates.display(start) + " and "
                        + CloudTrailDates.display(end) + "\n\n");
    }

    @Override
    public void digestChecked(DigestResult result) {
        status(result.line(), !result.valid());
    }

    @Override
    public void logFileChecked(LogFileResult result) {
        status(result.line(), !result.valid());
    }

    @Override
    public void gap(DigestGap gap) {
        status(gap.line(), true);
    }

    /** Prints the summary of {@code report} for the range {@code [start, end]}. */
    public void finished(ValidationReport report, Instant start, Instant end) {
        StringBuilder s = new StringBuilder();
        if (!lastStatusDoubleSpaced) {
            s.append('\n');
        }
        s.append("Results requested for ")
                .append(CloudTrailDates.display(start))
                .append(" to ")
                .append(CloudTrailDates.display(end))
                .append('\n');
        int digests = report.validDigests()
                + report.invalidDigests()
                + report.validBackfillDigests()
                + report.invalidBackfillDigests();
        if (digests == 0) {
            s.append("No digests found\n");
            write(out, s.toString());
            return;
        }
        if (report.foundStart() == null || report.foundEnd() == null) {
            s.append("No valid digests found in range\n");
        } else {
            s.append("Results found for ")
                    .append(CloudTrailDates.display(report.foundStart()))
                    .append(" to ")
                    .append(CloudTrailDates.display(report.foundEnd()))
                    .append(":\n");
        }
        ratio(s, report.validDigests(), report.invalidDigests(), "digest");
        ratio(s, report.validBackfillDigests(), report.invalidBackfillDigests(), "backfill digest");
        ratio(s, report.validLogFiles(), report.invalidLogFiles(), "log");
        s.append('\n');
        write(out, s.toString());
    }

    /** Prints a message that ended the run, as the aws CLI prints an error: on standard error, after a blank line. */
    public void failed(String message) {
        write(err, "\n" + message + "\n");
    }

    private void status(String line, boolean error) {
        if (error) {
            write(err, lastStatusDoubleSpaced ? line + "\n\n" : "\n" + line + "\n\n");
            lastStatusDoubleSpaced = true;
        } else if (verbose) {
            lastStatusDoubleSpaced = false;
            write(out, line + "\n");
        }
    }

    private static void ratio(StringBuilder s, int valid, int invalid, String name) {
        int total = valid + invalid;
        if (total > 0) {
            s.append('\n')
                    .append(valid)
                    .append('/')
                    .append(total)
                    .append(' ')
                    .append(name)
                    .append(" files valid");
            if (invalid > 0) {
                s.append(", ")
                        .append(invalid)
                        .append('/')
                        .append(total)
                        .append(' ')
                        .append(name)
                        .append(" files INVALID");
            }
        }
    }

    private void write(PrintStream stream, String text) {
        overlay.hide();
        if (stream == err) {
            out.flush();
        }
        stream.print(text);
        stream.flush();
        overlay.show();
    }
}
