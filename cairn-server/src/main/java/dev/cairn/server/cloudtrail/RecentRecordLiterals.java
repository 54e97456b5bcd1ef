package dev.cairn.server.cloudtrail;

import dev.cairn.protocol.json.EncodedJson;

/**
 * A small cache of the JSON string literals of records that LookupEvents answered recently, keyed by the
 * identity of the record's string: an event store hands the same string for an event it holds in memory
 * (the newest ones, which every poll of the newest page shows), and a new one otherwise, which simply
 * misses. Escaping a record costs about as much as finding it.
 *
 * <p>Direct-mapped and lock-free: each slot holds one immutable entry, replaced whole; a race loses
 * nothing but a cached entry. Thread-safe.
 */
final class RecentRecordLiterals {

    private record Entry(String record, EncodedJson literal) {}

    private final Entry[] slots;

    /** Creates a cache of {@code size} slots, a power of two. */
    RecentRecordLiterals(int size) {
        if (size <= 0 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size must be a power of two, got " + size);
        }
        slots = new Entry[size];
    }

    /** Returns the literal of {@code record}, escaped now or found from an earlier call with this string. */
    EncodedJson literalOf(String record) {
        int slot = System.identityHashCode(record) & (slots.length - 1);
        Entry entry = slots[slot];
        if (entry != null && entry.record() == record) {
            return entry.literal();
        }
        EncodedJson literal = EncodedJson.stringLiteral(record);
        slots[slot] = new Entry(record, literal);
        return literal;
    }
}
