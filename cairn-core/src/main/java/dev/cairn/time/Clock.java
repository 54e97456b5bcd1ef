package dev.cairn.time;

import java.time.Instant;

/**
 * A source of wall time and of monotonic time, injected wherever Cairn needs either, so that tests can
 * move time by hand. Wall time stamps events and checks signatures; monotonic time measures durations.
 */
public interface Clock {

    /** Returns the current wall-clock time. */
    Instant now();

    /** Returns a monotonic reading in nanoseconds, meaningful only as a difference of two readings. */
    long monotonicNanos();

    /** Returns the system clock. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
