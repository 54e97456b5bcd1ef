package dev.cairn.cli.events;

import dev.cairn.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A hand-set {@link Clock} for tests; monotonic time moves with wall time. */
final class TestClock implements Clock {
    private Instant now;

    TestClock(Instant now) {
        this.now = now;
    }

    void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public long monotonicNanos() {
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
