package dev.cairn.journal;

import static java.util.Objects.requireNonNull;

/**
 * One record as a {@link JournalReader} returns it: where it is, where reading continues after it, the
 * partition key it was appended with, and its payload, exactly as appended.
 *
 * @param offset where the record is
 * @param nextOffset the offset in the same partition at which reading continues after this record;
 *     {@link JournalPosition#after} uses it
 * @param partitionKey the key passed to {@link Journal#append}
 * @param payload the record's bytes; the array belongs to the caller, and the journal keeps no reference
 *     to it
 */
public record JournalRecord(JournalOffset offset, long nextOffset, String partitionKey, byte[] payload) {

    public JournalRecord {
        requireNonNull(offset, "offset is null");
        requireNonNull(partitionKey, "partitionKey is null");
        requireNonNull(payload, "payload is null");
        if (nextOffset <= offset.offset()) {
            throw new IllegalArgumentException(
                    "nextOffset " + nextOffset + " must be after the record's own offset " + offset);
        }
    }

    @Override
    public String toString() {
        return "JournalRecord[" + offset + ", key=" + partitionKey + ", " + payload.length + " bytes]";
    }
}
