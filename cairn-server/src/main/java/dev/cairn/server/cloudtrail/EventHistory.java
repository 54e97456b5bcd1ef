package dev.cairn.server.cloudtrail;

import dev.cairn.history.LookupQuery;
import dev.cairn.history.LookupResult;

/**
 * What LookupEvents asks of the event history: the events of one query, including every event whose
 * call was answered before the lookup began (the implementation waits for the indexer to catch up).
 */
@FunctionalInterface
public interface EventHistory {
    LookupResult lookup(LookupQuery query);
}
