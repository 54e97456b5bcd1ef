package dev.cairn.time;

import java.time.Instant;

/** The {@link Clock} of the operating system. */
enum SystemClock implements Clock {
    INSTANCE;

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long monotonicNanos() {
        return System.nanoTime();
    }
}
