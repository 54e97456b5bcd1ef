package dev.cairn.trail.validation;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The inflation of the first gzip member of an object's bytes, the way validate-logs' Python {@code zlib}
 * does it: bytes after the first member are ignored, a bad header, bad deflate data or a trailer whose
 * CRC-32 or length is wrong fail, and a member cut short fails only when {@code strict} ({@code
 * zlib.decompress}, used for digests); otherwise it yields what could be inflated ({@code
 * zlib.decompressobj} then {@code flush()}, used for log files).
 */
final class Gunzip {

    /** Thrown when the bytes are not one readable gzip member. */
    static final class GzipException extends Exception {
        private static final long serialVersionUID = 1L;

        GzipException(String message) {
            super(message);
        }
    }

    private static final int FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;
    private static final int RESERVED = 0xe0;

    private Gunzip() {}

    /**
     * Writes the inflated bytes of {@code gzip}'s first member to {@code out}, at most {@code limit} of them.
     *
     * @throws GzipException if the member is not readable, or inflates to more than {@code limit} bytes
     */
    static void inflate(byte[] gzip, boolean strict, long limit, OutputStream out) throws GzipException {
        int start = header(gzip, strict);
        if (start < 0) {
            return; // lenient: a header cut short inflates to nothing, as zlib.decompressobj gives b''
        }
        Inflater inflater = new Inflater(true);
        CRC32 crc = new CRC32();
        long total = 0;
        try {
            inflater.setInput(gzip, start, gzip.length - start);
            byte[] buffer = new byte[16 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n > 0) {
                    total += n;
                    if (total > limit) {
                        throw new GzipException("inflates to more than " + limit + " bytes");
                    }
                    crc.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                } else if (inflater.needsDictionary()) {
                    throw new GzipException("deflate data needs a preset dictionary");
                } else if (inflater.needsInput()) {
                    if (strict) {
                        throw new GzipException("incomplete or truncated stream");
                    }
                    return;
                }
            }
            int trailer = gzip.length - inflater.getRemaining();
            if (gzip.length - trailer < 8) {
                if (strict) {
                    throw new GzipException("incomplete or truncated stream");
                }
                return;
            }
            if (littleEndianInt(gzip, trailer) != (int) crc.getValue()) {
                throw new GzipException("incorrect data check");
            }
            if (littleEndianInt(gzip, trailer + 4) != (int) total) {
                throw new GzipException("incorrect length check");
            }
        } catch (DataFormatException e) {
            throw new GzipException("invalid deflate data: " + e.getMessage());
        } catch (IOException e) {
            throw new GzipException("cannot write the inflated bytes: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    /**
     * Returns where the deflate data of the member starts, or -1 when a lenient read finds only the start of
     * a header.
     */
    private static int header(byte[] gzip, boolean strict) throws GzipException {
        int[] magic = {0x1f, 0x8b, 0x08};
        for (int i = 0; i < magic.length && i < gzip.length; i++) {
            if ((gzip[i] & 0xff) != magic[i]) {
                throw new GzipException(i < 2 ? "incorrect header check" : "unknown compression method");
            }
        }
        int position = 10;
        if (gzip.length < position) {
            return truncated(strict);
        }
        int flags = gzip[3] & 0xff;
        if ((flags & RESERVED) != 0) {
            throw new GzipException("unknown header flags set");
        }
        if ((flags & FEXTRA) != 0) {
            if (gzip.length < position + 2) {
                return truncated(strict);
            }
            position += 2 + ((gzip[position] & 0xff) | (gzip[position + 1] & 0xff) << 8);
        }
        if ((flags & FNAME) != 0) {
            position = afterZero(gzip, position);
        }
        if ((flags & FCOMMENT) != 0 && position >= 0) {
            position = afterZero(gzip, position);
        }
        if (position < 0 || position > gzip.length) {
            return truncated(strict);
        }
        if ((flags & FHCRC) != 0) {
            if (gzip.length < position + 2) {
                return truncated(strict);
            }
            CRC32 crc = new CRC32();
            crc.update(gzip, 0, position);
            int stored = (gzip[position] & 0xff) | (gzip[position + 1] & 0xff) << 8;
            if (stored != (int) (crc.getValue() & 0xffff)) {
                throw new GzipException("header crc mismatch");
            }
            position += 2;
        }
        return position;
    }

    private static int truncated(boolean strict) throws GzipException {
        if (strict) {
            throw new GzipException("incomplete or truncated stream");
        }
        return -1;
    }

    /** Returns the index after the zero byte at or after {@code from}, or -1 when there is none. */
    private static int afterZero(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    private static int littleEndianInt(byte[] bytes, int at) {
        return (bytes[at] & 0xff)
                | (bytes[at + 1] & 0xff) << 8
                | (bytes[at + 2] & 0xff) << 16
                | (bytes[at + 3] & 0xff) << 24;
    }
}
