package dev.cairn.metadata.embedded;

import dev.cairn.metadata.MetadataBatch;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The bytes of {@code metadata.log}: an 8-byte header, then records, one per applied batch or clear.
 *
 * <pre>
 * file    = "CAIRNMD1" record*
 * record  = length:int32 crc:int32 payload         (big-endian; crc is CRC32C of the 4 length bytes
 *                                                  and the payload; 1 &lt;= length &lt;= MAX_PAYLOAD)
 * payload = 0x01 count:varint change{count}        (the changes of one batch, in batch order)
 *         | 0x02                                   (clear: every table becomes empty)
 * change  = 0x01 table:string key:string value:bytes   (put)
 *         | 0x02 table:string key:string               (delete)
 * string  = length:varint byte{length}             (the modified UTF-8 of java.io.DataInput, so that
 *                                                  every Java string round-trips, even one with an
 *                                                  unpaired surrogate)
 * bytes   = length:varint byte{length}
 * varint  = unsigned LEB128 of a non-negative int
 * </pre>
 *
 * <p>Conditions are not logged: they were checked before the record was written.
 */
final class LogFormat {

    static final byte[] HEADER = "CAIRNMD1".getBytes(StandardCharsets.US_ASCII);
    static final int FRAME_OVERHEAD = 8;

    /** The largest payload of one record: 1 GiB, far above any sane metadata batch. */
    static final int MAX_PAYLOAD = 1 << 30;

    private static final byte TYPE_CHANGES = 1;
    private static final byte TYPE_CLEAR = 2;
    private static final byte OP_PUT = 1;
    private static final byte OP_DELETE = 2;

    private LogFormat() {}

    /** A decoded record: the changes of one batch, or a clear. */
    sealed interface Record {}

    /** The puts and deletes of one batch, in order. */
    record Changes(List<MetadataBatch.Step> changes) implements Record {}

    /** Every table was emptied. */
    enum Clear implements Record {
        INSTANCE
    }

    /** Thrown when a record's checksum is right but its payload is not in this format. */
    static final class MalformedRecordException extends Exception {
        MalformedRecordException(String message) {
            super(message);
        }
    }

    /** Returns the framed record of a batch's changes, each a {@link MetadataBatch.Put} or {@link MetadataBatch.Delete}. */
    static byte[] changesRecord(List<? extends MetadataBatch.Step> changes) {
        long size = 1 + varintSize(changes.size());
        for (MetadataBatch.Step change : changes) {
            size += changeSize(change);
        }
        if (size > MAX_PAYLOAD) {
            throw new IllegalArgumentException("batch of " + changes.size() + " changes encodes to " + size
                    + " bytes, over the limit of " + MAX_PAYLOAD + " bytes for one metadata batch");
        }
        ByteBuffer out = ByteBuffer.allocate(FRAME_OVERHEAD + (int) size);
        out.position(FRAME_OVERHEAD);
        out.put(TYPE_CHANGES);
        putVarint(out, changes.size());
        for (MetadataBatch.Step change : changes) {
            switch (change) {
                case MetadataBatch.Put put -> {
                    out.put(OP_PUT);
                    putString(out, put.table());
                    putString(out, put.key());
                    putVarint(out, put.value().length);
                    out.put(put.value());
                }
                case MetadataBatch.Delete delete -> {
                    out.put(OP_DELETE);
                    putString(out, delete.table());
                    putString(out, delete.key());
                }
                default -> throw new IllegalArgumentException("only puts and deletes are logged, got " + change);
            }
        }
        return frame(out.array());
    }

    /** Returns the framed record of a clear. */
    static byte[] clearRecord() {
        byte[] record = new byte[FRAME_OVERHEAD + 1];
        record[FRAME_OVERHEAD] = TYPE_CLEAR;
        return frame(record);
    }

    /** Returns the bytes a put of this entry takes in a record: the measure of live data. */
    static long putSize(String table, String key, int valueLength) {
        return 1 + stringSize(table) + stringSize(key) + varintSize(valueLength) + valueLength;
    }

    /** Returns the checksum a frame stores: CRC32C of the 4 big-endian length bytes, then the payload. */
    static int checksum(int length, byte[] buffer, int payloadOffset) {
        CRC32C crc = new CRC32C();
        crc.update(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        crc.update(buffer, payloadOffset, length);
        return (int) crc.getValue();
    }

    /** Decodes a payload whose checksum was verified. */
    static Record decode(byte[] payload) throws MalformedRecordException {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            byte type = in.get();
            Record record = switch (type) {
                case TYPE_CLEAR -> Clear.INSTANCE;
                case TYPE_CHANGES -> decodeChanges(in);
                default -> throw new MalformedRecordException("unknown record type " + type);
            };
            if (in.hasRemaining()) {
                throw new MalformedRecordException(in.remaining() + " bytes after the end of the record");
            }
            return record;
        } catch (BufferUnderflowException e) {
            throw new MalformedRecordException("record ends in the middle of a field");
        }
    }

    private static Changes decodeChanges(ByteBuffer in) throws MalformedRecordException {
        int count = getVarint(in);
        // Each change takes at least 3 bytes, so a count larger than that is a lie: do not trust it to size a list.
        List<MetadataBatch.Step> changes = new ArrayList<>(Math.min(count, in.remaining() / 3));
        for (int i = 0; i < count; i++) {
            byte op = in.get();
            String table = getString(in);
            String key = getString(in);
            switch (op) {
                case OP_PUT -> {
                    int length = getVarint(in);
                    if (length > in.remaining()) {
                        throw new MalformedRecordException("value of " + length + " bytes is longer than the record");
                    }
                    byte[] value = new byte[length];
                    in.get(value);
                    changes.add(new MetadataBatch.Put(table, key, value));
                }
                case OP_DELETE -> changes.add(new MetadataBatch.Delete(table, key));
                default -> throw new MalformedRecordException("unknown change type " + op);
            }
        }
        return new Changes(changes);
    }

    private static byte[] frame(byte[] record) {
        int length = record.length - FRAME_OVERHEAD;
        ByteBuffer frame = ByteBuffer.wrap(record);
        frame.putInt(0, length);
        frame.putInt(4, checksum(length, record, FRAME_OVERHEAD));
        return record;
    }

    private static long changeSize(MetadataBatch.Step change) {
        return switch (change) {
            case MetadataBatch.Put put -> putSize(put.table(), put.key(), put.value().length);
            case MetadataBatch.Delete delete -> 1 + stringSize(delete.table()) + stringSize(delete.key());
            default -> throw new IllegalArgumentException("only puts and deletes are logged, got " + change);
        };
    }

    private static long stringSize(String s) {
        long length = utfLength(s);
        return varintSize(length) + length;
    }

    private static long utfLength(String s) {
        long length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            length += (c >= 0x0001 && c <= 0x007F) ? 1 : (c <= 0x07FF) ? 2 : 3;
        }
        return length;
    }

    private static int varintSize(long value) {
        int size = 1;
        while (value >= 0x80) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    private static void putVarint(ByteBuffer out, int value) {
        while ((value & ~0x7F) != 0) {
            out.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    private static int getVarint(ByteBuffer in) throws MalformedRecordException {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = in.get();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (value < 0 || (shift == 28 && (b & 0x70) != 0)) {
                    throw new MalformedRecordException("length does not fit in an int");
                }
                return value;
            }
        }
        throw new MalformedRecordException("length is longer than 5 bytes");
    }

    private static void putString(ByteBuffer out, String s) {
        putVarint(out, (int) utfLength(s));
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007F) {
                out.put((byte) c);
            } else if (c <= 0x07FF) {
                out.put((byte) (0xC0 | (c >> 6)));
                out.put((byte) (0x80 | (c & 0x3F)));
            } else {
                out.put((byte) (0xE0 | (c >> 12)));
                out.put((byte) (0x80 | ((c >> 6) & 0x3F)));
                out.put((byte) (0x80 | (c & 0x3F)));
            }
        }
    }

    private static String getString(ByteBuffer in) throws MalformedRecordException {
        int length = getVarint(in);
        if (length > in.remaining()) {
            throw new MalformedRecordException("string of " + length + " bytes is longer than the record");
        }
        char[] chars = new char[length];
        int count = 0;
        int end = in.position() + length;
        while (in.position() < end) {
            int b = in.get() & 0xFF;
            if (b >= 0x01 && b <= 0x7F) {
                chars[count++] = (char) b;
            } else if ((b & 0xE0) == 0xC0 && in.position() + 1 <= end) {
                chars[count++] = (char) (((b & 0x1F) << 6) | continuation(in));
            } else if ((b & 0xF0) == 0xE0 && in.position() + 2 <= end) {
                int high = continuation(in);
                chars[count++] = (char) (((b & 0x0F) << 12) | (high << 6) | continuation(in));
            } else {
                throw new MalformedRecordException("malformed string byte 0x" + Integer.toHexString(b));
            }
        }
        return new String(chars, 0, count);
    }

    private static int continuation(ByteBuffer in) throws MalformedRecordException {
        int b = in.get() & 0xFF;
        if ((b & 0xC0) != 0x80) {
            throw new MalformedRecordException("malformed string byte 0x" + Integer.toHexString(b));
        }
        return b & 0x3F;
    }
}
