package dev.cairn.event;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An output stream that collects bytes into an array of exactly their size when they arrive in one write,
 * as from a generator that flushes its buffer once on close. Bytes that arrive in several writes are
 * collected in a growing array, and copied once to their size at the end.
 */
final class ExactOutput extends OutputStream {

    private static final byte[] EMPTY = {};

    private byte[] bytes = EMPTY;
    private int size;

    @Override
    public void write(int b) {
        ensureCapacity(size + 1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (size == 0 && bytes == EMPTY) {
            bytes = Arrays.copyOfRange(b, off, off + len);
            size = len;
            return;
        }
        ensureCapacity(size + len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    private void ensureCapacity(int capacity) {
        if (capacity > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
        }
    }

    /** The bytes written; the stream's own array when it has exactly their size. */
    byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
}
