package dev.cairn.cli.validate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.time.Clock;
import dev.cairn.trail.validation.DigestResult;
import dev.cairn.trail.validation.LogFileResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private long nanos;
    private final Clock clock = new Clock() {
        @Override
        public Instant now() {
            return Instant.EPOCH;
        }

        @Override
        public long monotonicNanos() {
            return nanos;
        }
    };

    @Test
    void lineShowsDigestsCheckedOverDigestsListedAndLogFiles() {
        assertThat(ProgressBar.line(3, 12, 25))
                .isEqualTo("[######------------------] 3/12 digest files, 25 log files checked");
        assertThat(ProgressBar.line(14, 12, 1))
                .isEqualTo("[########################] 14/12 digest files, 1 log file checked");
        assertThat(ProgressBar.line(0, 0, 0)).startsWith("[########################] 0/0 digest files");
    }

    @Test
    void redrawsAtMostTenTimesASecondAndClearsItselfForEachLineOfOutput() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(err, true, UTF_8), clock);
        DigestResult digest = new DigestResult("b", "k", false, null);

        bar.digestsListed(2, 0);
        nanos += 10_000_000;
        bar.digestChecked(digest);
        bar.logFileChecked(new LogFileResult("b", "l", null));
        assertThat(err.toString(UTF_8)).isEqualTo("\r" + ProgressBar.line(0, 2, 0));

        nanos += 200_000_000;
        bar.digestChecked(digest);
        // Padded with a space over the longer line drawn before ("0 log files" had one more character).
        assertThat(err.toString(UTF_8)).endsWith("\r" + ProgressBar.line(2, 2, 1) + " ");

        err.reset();
        bar.hide();
        String width = " ".repeat(ProgressBar.line(0, 2, 0).length());
        assertThat(err.toString(UTF_8)).isEqualTo("\r" + width + "\r");
        bar.show();
        bar.finish();
        bar.show();
        assertThat(err.toString(UTF_8))
                .isEqualTo("\r" + width + "\r" + "\r" + ProgressBar.line(2, 2, 1) + "\r"
                        + " ".repeat(ProgressBar.line(2, 2, 1).length()) + "\r");
    }
}
