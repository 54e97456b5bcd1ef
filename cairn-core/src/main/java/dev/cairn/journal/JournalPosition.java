package dev.cairn.journal;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A place in a journal that a reader reads from: for each partition, the offset of the next record to
 * read. A partition the position does not name is read from its first record. Positions are immutable
 * values; a consumer persists one with {@link Journal#commit}, or as the text of {@link #encode()}.
 *
 * <p>The embedded journal has a single partition, 0. A Kafka journal has one per topic partition, so a
 * position is a vector, and two positions are ordered only when every partition agrees: see
 * {@link #isAtOrAfter}.
 */
public final class JournalPosition {

    private static final JournalPosition BEGINNING = new JournalPosition(new TreeMap<>());

    /** Partition to the offset of its next record; holds no zero (the default) and no negative value. */
    private final SortedMap<Integer, Long> next;

    private JournalPosition(SortedMap<Integer, Long> next) {
        this.next = Collections.unmodifiableSortedMap(next);
    }

    /** Returns the position before every record of every partition. */
    public static JournalPosition beginning() {
        return BEGINNING;
    }

    /**
     * Returns the position from which a reader reads the record at {@code offset} first in its partition,
     * and every other partition from its beginning.
     */
    public static JournalPosition startingAt(JournalOffset offset) {
        requireNonNull(offset, "offset is null");
        return BEGINNING.with(offset.partition(), offset.offset());
    }

    /** Returns the offset at which reading {@code partition} continues: 0 if this position does not name it. */
    public long next(int partition) {
        return next.getOrDefault(partition, 0L);
    }

    /** Returns the offset of the next record for each partition this position names, by partition. */
    public SortedMap<Integer, Long> offsets() {
        return next;
    }

    /** Returns this position with {@code partition} continuing at {@code nextOffset}. */
    public JournalPosition with(int partition, long nextOffset) {
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative, got " + partition);
        }
        if (nextOffset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + nextOffset);
        }
        TreeMap<Integer, Long> copy = new TreeMap<>(next);
        if (nextOffset == 0) {
            copy.remove(partition); // the same place as not naming it: kept out, so that equal means equal
        } else {
            copy.put(partition, nextOffset);
        }
        return new JournalPosition(copy);
    }

    /** Returns this position moved past {@code record} in its partition; other partitions are unchanged. */
    public JournalPosition after(JournalRecord record) {
        requireNonNull(record, "record is null");
        return with(record.offset().partition(), record.nextOffset());
    }

    /** Returns whether a reader at this position has already passed the record at {@code offset}. */
    public boolean isPast(JournalOffset offset) {
        requireNonNull(offset, "offset is null");
        return offset.offset() < next(offset.partition());
    }

    /** Returns whether this position is at or after {@code other} in every partition either names. */
    public boolean isAtOrAfter(JournalPosition other) {
        requireNonNull(other, "other is null");
        for (Map.Entry<Integer, Long> entry : other.next.entrySet()) {
            if (next(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns this position as text that {@link #parse} reads back: {@code partition:offset} pairs by
     * partition, separated by commas, such as {@code 0:1024,1:77}; the beginning is the empty string.
     */
    public String encode() {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<Integer, Long> entry : next.entrySet()) {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(entry.getKey()).append(':').append(entry.getValue());
        }
        return text.toString();
    }

    /**
     * Reads the text of {@link #encode()}.
     *
     * @throws IllegalArgumentException when {@code text} is not such text
     */
    public static JournalPosition parse(String text) {
        requireNonNull(text, "text is null");
        if (text.isEmpty()) {
            return BEGINNING;
        }
        TreeMap<Integer, Long> next = new TreeMap<>();
        for (String pair : text.split(",", -1)) {
            int colon = pair.indexOf(':');
            Long partition = colon < 0 ? null : parseNumber(pair.substring(0, colon), Integer.MAX_VALUE);
            Long offset = colon < 0 ? null : parseNumber(pair.substring(colon + 1), Long.MAX_VALUE);
            if (partition == null || offset == null) {
                throw new IllegalArgumentException("journal position '" + text + "' has the entry '" + pair
                        + "', which is not partition:offset with two non-negative decimal numbers");
            }
            if (next.put(partition.intValue(), offset) != null) {
                throw new IllegalArgumentException(
                        "journal position '" + text + "' names partition " + partition + " twice");
            }
        }
        next.values().removeIf(offset -> offset == 0);
        return new JournalPosition(next);
    }

    /** Returns the value of a plain decimal number no larger than {@code max}, or null. */
    private static @Nullable Long parseNumber(String digits, long max) {
        if (digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        try {
            long value = Long.parseLong(digits);
            return value <= max ? value : null;
        } catch (NumberFormatException e) {
            return null; // more than Long.MAX_VALUE
        }
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof JournalPosition other && next.equals(other.next);
    }

    @Override
    public int hashCode() {
        return next.hashCode();
    }

    @Override
    public String toString() {
        return "JournalPosition[" + encode() + "]";
    }
}
