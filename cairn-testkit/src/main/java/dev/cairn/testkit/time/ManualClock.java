package dev.cairn.testkit.time;

import dev.cairn.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link Clock} that moves only when a test moves it; wall and monotonic time advance together. */
public final class ManualClock implements Clock {
    private final AtomicReference<Instant> now;
    private final AtomicLong nanos = new AtomicLong();

    public ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    @Override
    public Instant now() {
        return now.get();
    }

    @Override
    public long monotonicNanos() {
        return nanos.get();
    }

    /** Moves both clocks forward by {@code duration}. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot advance by a negative duration " + duration);
        }
        now.updateAndGet(t -> t.plus(duration));
        nanos.addAndGet(duration.toNanos());
    }

    /** Sets the wall clock, forward or back; monotonic time is left alone. */
    public void set(Instant instant) {
        now.set(instant);
    }
}
