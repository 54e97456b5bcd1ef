package dev.cairn.journal.segment;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * One segment file of a journal: its path, the offset of its first record, and when it was created.
 * The file is a 32-byte header followed by records ({@link RecordFormat}); it is named by its base
 * offset, so that names sort in offset order.
 *
 * <pre>
 * header = "CAIRNJ01" base:int64 createdMillis:int64 reserved:int32 crc:int32
 *                          (big-endian; crc is CRC32C of the 28 bytes before it; reserved is 0)
 * name   = base as 20 decimal digits, then ".segment"
 * </pre>
 *
 * <p>A record at file position {@code p} has offset {@code base + p - HEADER_BYTES}.
 */
record Segment(Path path, long base, Instant created) {

    static final int HEADER_BYTES = 32;
    static final String SUFFIX = ".segment";
    private static final byte[] MAGIC = "CAIRNJ01".getBytes(US_ASCII);

    /** Returns the name of the segment file whose first record has offset {@code base}. */
    static String fileName(long base) {
        return "%020d%s".formatted(base, SUFFIX);
    }

    /** Returns the base offset a segment file name stands for, or -1 when it is not such a name. */
    static long baseOf(String fileName) {
        if (fileName.length() != 20 + SUFFIX.length() || !fileName.endsWith(SUFFIX)) {
            return -1;
        }
        String digits = fileName.substring(0, 20);
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1; // 20 digits beyond Long.MAX_VALUE
        }
    }

    /** Returns the file position of the record at {@code offset}, which must be in this segment. */
    long filePosition(long offset) {
        return offset - base + HEADER_BYTES;
    }

    /** Returns the header of this segment. */
    ByteBuffer header() {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.put(MAGIC).putLong(base).putLong(created.toEpochMilli()).putInt(0);
        header.putInt(checksum(header.array()));
        return header.flip();
    }

    /**
     * Reads the segment that a header describes, or returns a reason why {@code header} is not a valid
     * header for the file {@code path}.
     */
    static Segment fromHeader(Path path, ByteBuffer header) throws InvalidHeaderException {
        byte[] bytes = new byte[HEADER_BYTES];
        header.get(0, bytes);
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new InvalidHeaderException("it does not start with " + new String(MAGIC, US_ASCII)
                    + "; it is not a Cairn journal segment of a version this Cairn reads");
        }
        if (checksum(bytes) != header.getInt(HEADER_BYTES - 4)) {
            throw new InvalidHeaderException("its header fails its checksum");
        }
        long base = header.getLong(8);
        long expected = baseOf(path.getFileName().toString());
        if (base != expected) {
            throw new InvalidHeaderException(
                    "its header gives the base offset " + base + ", but its name says " + expected);
        }
        return new Segment(path, base, Instant.ofEpochMilli(header.getLong(16)));
    }

    /** Thrown when a segment's header is not valid. */
    static final class InvalidHeaderException extends Exception {
        InvalidHeaderException(String message) {
            super(message);
        }
    }

    private static int checksum(byte[] header) {
        CRC32C crc = new CRC32C();
        crc.update(header, 0, HEADER_BYTES - 4);
        return (int) crc.getValue();
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
