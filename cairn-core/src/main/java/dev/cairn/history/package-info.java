/**
 * The event-history port: the store behind CloudTrail's LookupEvents, which keeps the management and
 * Insights events of the last 90 days, by account and region, and finds them by one lookup attribute and
 * a time range, newest first. Start at {@link dev.cairn.history.EventStore}; what each lookup attribute
 * matches is defined once, in {@link dev.cairn.history.HistoryFields}.
 */
@NullMarked
package dev.cairn.history;

import org.jspecify.annotations.NullMarked;
