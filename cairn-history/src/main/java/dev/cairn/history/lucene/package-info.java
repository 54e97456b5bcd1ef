/**
 * The embedded {@link dev.cairn.history.EventStore}: a Lucene index of management and Insights events,
 * sorted by time, newest first. Start at {@link dev.cairn.history.lucene.LuceneEventStore}.
 */
@NullMarked
package dev.cairn.history.lucene;

import org.jspecify.annotations.NullMarked;
