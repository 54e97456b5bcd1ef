package dev.cairn.server.throttle;

import dev.cairn.time.Clock;

/** A token bucket: {@code perSecond} tokens a second, holding at most {@code burst}. Thread-safe. */
public final class TokenBucket {
    private final Clock clock;
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    public TokenBucket(Clock clock, double perSecond, double burst) {
        if (perSecond < 0 || burst < 0) {
            throw new IllegalArgumentException("rate " + perSecond + "/s and burst " + burst + " must not be negative");
        }
        this.clock = clock;
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = clock.monotonicNanos();
    }

    /** Takes one token if there is one; returns false, taking nothing, when the bucket is empty. */
    public synchronized boolean tryAcquire() {
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
