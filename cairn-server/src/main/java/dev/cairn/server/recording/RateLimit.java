package dev.cairn.server.recording;

import dev.cairn.time.Clock;

/** A token bucket: {@code perSecond} tokens a second, holding at most {@code burst}. Thread-safe. */
final class RateLimit {
    private final Clock clock;
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    RateLimit(Clock clock, int perSecond, long burst) {
        if (perSecond < 0 || burst < 0) {
            throw new IllegalArgumentException("rate " + perSecond + "/s and burst " + burst + " must not be negative");
        }
        this.clock = clock;
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = clock.monotonicNanos();
    }

    synchronized boolean tryAcquire() {
        long now = clock.monotonicNanos();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
