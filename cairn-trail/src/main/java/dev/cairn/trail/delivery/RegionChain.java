package dev.cairn.trail.delivery;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The open digest window of one region of a trail: where it starts, the previous digest of the chain
 * (null at a chain start), and the log files delivered since it started. Owned by one deliverer thread.
 */
final class RegionChain {
    Instant windowStart;

    @Nullable
    String previous;

    final List<DeliveredFile> files = new ArrayList<>();

    /**
     * @param previous the encoded chain state of the previous digest, or null when the next digest starts
     *     a chain
     */
    RegionChain(Instant windowStart, @Nullable String previous) {
        this.windowStart = requireNonNull(windowStart, "windowStart is null");
        this.previous = previous;
    }
}
