package dev.cairn.history.lucene;

/**
 * The settings of a {@link LuceneEventStore}. Start from {@link #defaults()} and change what you need.
 *
 * @param ramBufferMegabytes how much heap the index writer fills with new events before it writes them
 *     out as a segment; also bounded by how often lookups refresh the index
 * @param bestCompression whether stored records are compressed with DEFLATE (smaller on disk, slower to
 *     read) rather than LZ4
 */
public record LuceneEventStoreConfig(double ramBufferMegabytes, boolean bestCompression) {

    public LuceneEventStoreConfig {
        if (!(ramBufferMegabytes >= 1 && ramBufferMegabytes <= 1024)) {
            throw new IllegalArgumentException(
                    "ramBufferMegabytes must be between 1 and 1024, got " + ramBufferMegabytes);
        }
    }

    /** Returns the defaults: a 32 MB write buffer and LZ4-compressed records. */
    public static LuceneEventStoreConfig defaults() {
        return new LuceneEventStoreConfig(32, false);
    }

    public LuceneEventStoreConfig withRamBufferMegabytes(double ramBufferMegabytes) {
        return new LuceneEventStoreConfig(ramBufferMegabytes, bestCompression);
    }

    public LuceneEventStoreConfig withBestCompression(boolean bestCompression) {
        return new LuceneEventStoreConfig(ramBufferMegabytes, bestCompression);
    }
}
