package dev.cairn.trail.delivery;

import static java.util.Objects.requireNonNull;

import dev.cairn.journal.JournalPosition;
import dev.cairn.trail.DeliveryStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What one trail's delivery must remember across a restart: the journal position up to which every
 * selected event is in a delivered log file, the files being written right now, the open digest window of
 * each region, and the status GetTrailStatus shows. Owned by the trail's deliverer thread; saved whole by
 * {@link DeliveryStateFile}.
 */
final class DeliveryState {
    final String trailArn;
    JournalPosition position;
    /**
     * Whether the trail was logging at {@link #position}, as the journal's StartLogging and StopLogging
     * events of the trail say; null in a state saved before this was kept.
     */
    @Nullable
    Boolean logging;

    DeliveryStatus status;
    /** Log files whose write started and is not known to have finished; checked after a crash. */
    final List<DeliveredFile> inFlight = new ArrayList<>();
    /** The open digest window of each region, by region. */
    final SortedMap<String, RegionChain> chains = new TreeMap<>();

    DeliveryState(String trailArn, JournalPosition position, DeliveryStatus status) {
        this.trailArn = requireNonNull(trailArn, "trailArn is null");
        this.position = requireNonNull(position, "position is null");
        this.status = requireNonNull(status, "status is null");
    }
}
