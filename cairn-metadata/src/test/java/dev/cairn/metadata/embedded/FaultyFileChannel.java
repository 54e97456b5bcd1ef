package dev.cairn.metadata.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link FileChannel} that passes everything to a real one, except the failures a test arms in its
 * {@link Faults}: a failed write writes half of its buffer first, as a full disk does.
 */
final class FaultyFileChannel extends FileChannel {

    /** Failures to inject into the channels of one file name, each counter consumed one failure at a time. */
    static final class Faults {
        private final String fileName;
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger forces = new AtomicInteger();
        final AtomicInteger truncates = new AtomicInteger();
        final AtomicInteger interruptingWrites = new AtomicInteger();

        Faults(String fileName) {
            this.fileName = fileName;
        }

        /** Returns options whose channels on this file fail as armed. */
        LogMetadataStore.Options options() {
            return new LogMetadataStore.Options(LogMetadataStore.COMPACTION_MIN_BYTES, this::open);
        }

        FileChannel open(Path file, OpenOption... options) throws IOException {
            FileChannel channel = FileChannel.open(file, options);
            return file.getFileName().toString().equals(fileName) ? new FaultyFileChannel(channel, this) : channel;
        }
    }

    private final FileChannel delegate;
    private final Faults faults;

    private FaultyFileChannel(FileChannel delegate, Faults faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    private static boolean take(AtomicInteger counter) {
        return counter.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (take(faults.interruptingWrites)) {
            // What FileChannel does when another thread interrupts a blocked writer.
            delegate.close();
            close();
            Thread.currentThread().interrupt();
            throw new ClosedByInterruptException();
        }
        if (take(faults.writes)) {
            ByteBuffer half = src.duplicate();
            half.limit(src.position() + src.remaining() / 2);
            delegate.write(half, position);
            throw new IOException("injected: No space left on device");
        }
        return delegate.write(src, position);
    }

    @Override
    public void force(boolean metaData) throws IOException {
        if (take(faults.forces)) {
            throw new IOException("injected: Input/output error on fsync");
        }
        delegate.force(metaData);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (take(faults.truncates)) {
            throw new IOException("injected: Input/output error on truncate");
        }
        delegate.truncate(size);
        return this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return delegate.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        throw new UnsupportedOperationException("gathering writes are not used by the store");
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return delegate.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
