/**
 * The journal consumer that fills event history: it reads every journaled event, keeps the management and
 * Insights events in an {@link dev.cairn.history.EventStore}, commits its position, applies retention, and
 * lets LookupEvents wait until what was journaled is searchable. Start at
 * {@link dev.cairn.history.indexer.HistoryIndexer}.
 */
@NullMarked
package dev.cairn.history.indexer;

import org.jspecify.annotations.NullMarked;
