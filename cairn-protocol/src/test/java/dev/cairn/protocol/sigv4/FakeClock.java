package dev.cairn.protocol.sigv4;

import dev.cairn.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A hand-set {@link Clock} for tests: wall time stays where it is put. */
final class FakeClock implements Clock {
    private Instant now;

    FakeClock(Instant now) {
        this.now = now;
    }

    FakeClock set(Instant now) {
        this.now = now;
        return this;
    }

    FakeClock advance(Duration d) {
        now = now.plus(d);
        return this;
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
