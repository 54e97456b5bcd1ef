package dev.cairn.trail.validation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A time that no digest covers, between a digest that starts a chain and the next older digest: logging or
 * validation was off then. validate-logs reports it but does not count it as a failure.
 *
 * @param backfill whether the gap is in the chain of backfill digests
 * @param from the end time in the key of the older digest
 * @param to the start time of the digest that starts the newer chain
 */
public record DigestGap(boolean backfill, Instant from, Instant to) {

    public DigestGap {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
    }

    /** Returns the line validate-logs prints for it. */
    public String line() {
        return (backfill ? "(backfill) " : "") + "No log files were delivered by CloudTrail between "
                + CloudTrailDates.display(from) + " and " + CloudTrailDates.display(to);
    }
}
