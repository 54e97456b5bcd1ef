package dev.cairn.journal;

/**
 * The address of one record in a journal: its partition and its offset there. Offsets of one partition
 * increase in append order, but need not be consecutive (the embedded journal counts bytes, Kafka counts
 * records). Offsets are ordered by partition, then offset; only the order within a partition means
 * anything.
 */
public record JournalOffset(int partition, long offset) implements Comparable<JournalOffset> {

    public JournalOffset {
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative, got " + partition);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
    }

    @Override
    public int compareTo(JournalOffset other) {
        int byPartition = Integer.compare(partition, other.partition);
        return byPartition != 0 ? byPartition : Long.compare(offset, other.offset);
    }

    @Override
    public String toString() {
        return partition + "@" + offset;
    }
}
