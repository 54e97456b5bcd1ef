package dev.cairn.history;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a lookup.
 *
 * @param events the matching events, newest first
 * @param next where the next page starts, or null when no more events match
 */
public record LookupResult(
        List<HistoryEvent> events, @Nullable LookupCursor next) {

    private static final LookupResult EMPTY = new LookupResult(List.of(), null);

    public LookupResult {
        events = List.copyOf(requireNonNull(events, "events is null"));
    }

    /** Returns the page with no events and no next page. */
    public static LookupResult empty() {
        return EMPTY;
    }
}
