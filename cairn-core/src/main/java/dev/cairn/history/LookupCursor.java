package dev.cairn.history;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * A place in a lookup's results: the last event of a page, by its time and its sequence in the store, so
 * that the next page starts with the event after it in (time descending, sequence descending) order.
 * LookupEvents hands it out, encoded, as part of its {@code NextToken}.
 *
 * @param eventTimeSeconds the event's time, in seconds since the epoch
 * @param sequence the number the store gave the event when it was appended; it orders events of the
 *     same second, later ones first
 */
public record LookupCursor(long eventTimeSeconds, long sequence) {

    private static final byte VERSION = 1;
    private static final int BYTES = 1 + 2 * Long.BYTES;

    /** Returns the cursor as text of URL-safe base64 characters, which {@link #decode} reads back. */
    public String encode() {
        ByteBuffer bytes = ByteBuffer.allocate(BYTES)
                .put(VERSION)
                .putLong(eventTimeSeconds)
                .putLong(sequence);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /**
     * Reads the text of {@link #encode()}.
     *
     * @throws IllegalArgumentException when {@code text} is not a cursor that {@link #encode()} wrote
     */
    public static LookupCursor decode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a lookup cursor must not be null");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lookup cursor '" + abbreviate(text) + "' is not URL-safe base64", e);
        }
        if (bytes.length != BYTES || bytes[0] != VERSION) {
            throw new IllegalArgumentException("lookup cursor '" + abbreviate(text)
                    + "' is not one this version wrote: expected " + BYTES + " bytes starting with version "
                    + VERSION + ", got " + bytes.length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, BYTES - 1);
        return new LookupCursor(buffer.getLong(), buffer.getLong());
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
