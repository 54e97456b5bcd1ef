package dev.cairn.history.lucene;

/**
 * The settings of a {@link LuceneEventStore}. Start from {@link #defaults()} and change what you need.
 *
 * @param ramBufferMegabytes how much heap the index writer fills with new events before it writes them
 *     out as a segment; also bounded by how often lookups refresh the index
 * @param lookupTailEvents how many appended events that the index searcher does not show yet a lookup
 *     searches in memory; past that it refreshes the searcher first. 0 refreshes for every lookup that
 *     follows an append
 */
public record LuceneEventStoreConfig(double ramBufferMegabytes, int lookupTailEvents) {

    /** The largest {@link #lookupTailEvents}: every lookup scans them all. */
    public static final int MAX_LOOKUP_TAIL_EVENTS = 20_000;

    public LuceneEventStoreConfig {
        if (!(ramBufferMegabytes >= 1 && ramBufferMegabytes <= 1024)) {
            throw new IllegalArgumentException(
                    "ramBufferMegabytes must be between 1 and 1024, got " + ramBufferMegabytes);
        }
        if (lookupTailEvents < 0 || lookupTailEvents > MAX_LOOKUP_TAIL_EVENTS) {
            throw new IllegalArgumentException(
                    "lookupTailEvents must be between 0 and " + MAX_LOOKUP_TAIL_EVENTS + ", got " + lookupTailEvents);
        }
    }

    /** Returns the defaults: a 32 MB write buffer and a tail of 1,000 events. */
    public static LuceneEventStoreConfig defaults() {
        return new LuceneEventStoreConfig(32, 1_000);
    }

    public LuceneEventStoreConfig withRamBufferMegabytes(double ramBufferMegabytes) {
        return new LuceneEventStoreConfig(ramBufferMegabytes, lookupTailEvents);
    }

    public LuceneEventStoreConfig withLookupTailEvents(int lookupTailEvents) {
        return new LuceneEventStoreConfig(ramBufferMegabytes, lookupTailEvents);
    }
}
