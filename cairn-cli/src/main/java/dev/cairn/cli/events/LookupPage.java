package dev.cairn.cli.events;

import dev.cairn.history.HistoryEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One answer of LookupEvents: its events, newest first, and the token of the next page, or null after the
 * last page.
 */
record LookupPage(List<HistoryEvent> events, @Nullable String nextToken) {

    LookupPage {
        events = List.copyOf(events);
    }
}
