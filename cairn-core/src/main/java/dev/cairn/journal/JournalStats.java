package dev.cairn.journal;

/**
 * A snapshot of a journal's counters since it was opened, for metrics. Every count only grows.
 *
 * @param appendedRecords records acknowledged as durable
 * @param appendedBytes payload bytes of those records
 * @param syncs completed durability round trips: fsyncs for the embedded journal, acknowledged produce
 *     requests for a broker
 * @param syncNanos time spent in those round trips, in nanoseconds; {@code syncNanos / syncs} is their
 *     mean latency
 * @param failedAppends calls of {@link Journal#append} that threw {@link JournalException}
 */
public record JournalStats(long appendedRecords, long appendedBytes, long syncs, long syncNanos, long failedAppends) {}
