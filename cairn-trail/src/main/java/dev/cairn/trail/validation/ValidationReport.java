package dev.cairn.trail.validation;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a validation found: how many digests and log files were valid and invalid, and the part of the
 * requested range that valid digests cover.
 *
 * @param validDigests standard digests that passed every check
 * @param invalidDigests standard digests that failed one
 * @param validBackfillDigests backfill digests that passed every check
 * @param invalidBackfillDigests backfill digests that failed one
 * @param validLogFiles log files that passed every check
 * @param invalidLogFiles log files that failed one, including those that no digest lists
 * @param foundStart the earliest start of a digest whose signature verified, but not before the range's
 *     start; null when none did
 * @param foundEnd the latest end of such a digest, but not after the range's end; null when none did
 */
public record ValidationReport(
        int validDigests,
        int invalidDigests,
        int validBackfillDigests,
        int invalidBackfillDigests,
        int validLogFiles,
        int invalidLogFiles,
        @Nullable Instant foundStart,
        @Nullable Instant foundEnd) {

    /** Returns whether no digest and no log file was invalid. */
    public boolean allValid() {
        return invalidDigests == 0 && invalidBackfillDigests == 0 && invalidLogFiles == 0;
    }

    /** Returns the exit code validate-logs ends with for this report: 0 when all is valid, else 1. */
    public int exitCode() {
        return allValid() ? 0 : 1;
    }
}
