package dev.cairn.history.lucene;

import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryRecord;
import dev.cairn.history.HistoryResource;
import dev.cairn.history.RecordText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;

/**
 * The stored summary of an event: the fields LookupEvents shows besides the record, derived once when the
 * event is indexed so that a lookup does not parse records. Format (version 1): a version byte; eventId,
 * eventName; readOnly, accessKeyId (optional); eventTime seconds (zig-zag vlong); eventSource; username
 * (optional); the number of resources, then each resource's type (optional) and name. Strings are a vint
 * length and UTF-8; an optional string is a byte 0 (absent) or 1 followed by the string.
 */
final class HistoryDocuments {

    private static final byte VERSION = 1;

    private HistoryDocuments() {}

    /** Writes the summary of {@code record} to {@code out}. */
    static void writeSummary(HistoryRecord record, DataOutput out) {
        try {
            out.writeByte(VERSION);
            out.writeString(record.eventId());
            out.writeString(record.eventName());
            writeOptional(out, record.readOnly());
            writeOptional(out, record.accessKeyId());
            out.writeZLong(record.eventTime().getEpochSecond());
            out.writeString(record.eventSource());
            writeOptional(out, record.username());
            out.writeVInt(record.resources().size());
            for (HistoryResource resource : record.resources()) {
                writeOptional(out, resource.resourceType());
                out.writeString(resource.resourceName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writes to memory
        }
    }

    /** A reusable output in memory: {@link #reset}, write, then take {@link #bytes}. */
    static final class Output extends DataOutput {
        private byte[] buffer = new byte[256];
        private int length;

        void reset() {
            length = 0;
        }

        /** What was written since the last reset; valid until the next write. */
        BytesRef bytes() {
            return new BytesRef(buffer, 0, length);
        }

        @Override
        public void writeByte(byte b) {
            if (length == buffer.length) {
                buffer = ArrayUtil.grow(buffer, length + 1);
            }
            buffer[length++] = b;
        }

        @Override
        public void writeBytes(byte[] b, int offset, int count) {
            buffer = ArrayUtil.grow(buffer, length + count);
            System.arraycopy(b, offset, buffer, length, count);
            length += count;
        }
    }

    /** Reads the event of {@code summary}, with {@code text} as its record. */
    static HistoryEvent read(BytesRef summary, RecordText text) {
        try {
            return read(new ByteArrayDataInput(summary.bytes, summary.offset, summary.length), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reads from memory
        }
    }

    private static HistoryEvent read(ByteArrayDataInput in, RecordText text) throws IOException {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IllegalStateException("stored event summary has version " + version + ", expected " + VERSION);
        }
        String eventId = in.readString();
        String eventName = in.readString();
        String readOnly = readOptional(in);
        String accessKeyId = readOptional(in);
        Instant eventTime = Instant.ofEpochSecond(in.readZLong());
        String eventSource = in.readString();
        String username = readOptional(in);
        int resourceCount = in.readVInt();
        List<HistoryResource> resources = new ArrayList<>(resourceCount);
        for (int i = 0; i < resourceCount; i++) {
            String type = readOptional(in);
            resources.add(new HistoryResource(type, in.readString()));
        }
        return new HistoryEvent(
                eventId, eventName, readOnly, accessKeyId, eventTime, eventSource, username, resources, text);
    }

    private static void writeOptional(DataOutput out, @Nullable String value) throws IOException {
        if (value == null) {
            out.writeByte((byte) 0);
        } else {
            out.writeByte((byte) 1);
            out.writeString(value);
        }
    }

    private static @Nullable String readOptional(ByteArrayDataInput in) throws IOException {
        return in.readByte() == 0 ? null : in.readString();
    }
}
