package dev.cairn.cli.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExportProgressTest {
    private static final Instant START = Instant.parse("2026-01-15T00:00:00Z");
    private static final Instant END = Instant.parse("2026-01-16T00:00:00Z");

    private final TestClock clock = new TestClock(END);
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ExportProgress progress(boolean terminal) {
        return new ExportProgress(new PrintStream(err, true, UTF_8), terminal, clock, START, END);
    }

    @Test
    void theCoveredFractionIsHowFarBackFromTheEndTheWalkHasGone() {
        ExportProgress p = progress(false);
        assertThat(p.covered(END)).isZero();
        assertThat(p.covered(Instant.parse("2026-01-15T18:00:00Z"))).isEqualTo(0.25);
        assertThat(p.covered(START)).isEqualTo(1.0);
        assertThat(p.covered(START.minusSeconds(60))).isEqualTo(1.0);
    }

    @Test
    void theLineShowsTheBarThePercentageTheCountTheRateAndTheTimeReached() {
        assertThat(ExportProgress.line(12_345, 0.5, 1234.4, Instant.parse("2026-01-15T12:00:00.700Z")))
                .isEqualTo("[############------------]  50%  12,345 events  1,234/s  back to 2026-01-15T12:00:00Z");
    }

    @Test
    void theSummarySaysHowManyEventsPagesAndRetries() {
        assertThat(ExportProgress.summary(1, 1, 0, "out.json", Duration.ofMillis(250)))
                .isEqualTo("exported 1 event (1 page) to out.json in 0.3 s");
        assertThat(ExportProgress.summary(120, 3, 1, "standard output", Duration.ofSeconds(2)))
                .isEqualTo("exported 120 events (3 pages, 1 retry) to standard output in 2.0 s");
        assertThat(ExportProgress.summary(0, 1, 4, "x", Duration.ZERO))
                .isEqualTo("exported 0 events (1 page, 4 retries) to x in 0.0 s");
    }

    @Test
    void offATerminalOnlyTheSummaryIsPrinted() {
        ExportProgress p = progress(false);
        p.update(50, Instant.parse("2026-01-15T18:00:00Z"));
        clock.advance(Duration.ofSeconds(2));
        p.update(100, Instant.parse("2026-01-15T12:00:00Z"));
        p.finish(100, 2, 0, "out.csv");

        assertThat(err.toString(UTF_8)).isEqualTo("exported 100 events (2 pages) to out.csv in 2.0 s\n");
    }

    @Test
    void onATerminalTheLineIsRedrawnAtMostTenTimesASecond() {
        ExportProgress p = progress(true);
        p.update(50, Instant.parse("2026-01-15T18:00:00Z"));
        clock.advance(Duration.ofMillis(50));
        p.update(100, Instant.parse("2026-01-15T17:00:00Z"));
        clock.advance(Duration.ofMillis(950));
        p.update(150, null);

        String first = "[######------------------]  25%  50 events  0/s  back to 2026-01-15T18:00:00Z";
        String last = "[########################] 100%  150 events  150/s  back to 2026-01-15T00:00:00Z";
        assertThat(err.toString(UTF_8)).isEqualTo("\r" + first + "\r" + last);
    }
}
