package dev.cairn.journal.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link FileChannel} that passes everything to a real one, except the failures a test arms in its
 * {@link Faults}: a failed write writes half of its buffer first, as a full disk does.
 */
final class FaultyFileChannel extends FileChannel {

    /** Failures to inject into every channel a journal opens through {@link #opener()}. */
    static final class Faults {
        /** While set, every write, force and file creation fails: a full or broken disk. */
        final AtomicBoolean failing = new AtomicBoolean();
        /** One-shot failures, each counter consumed one failure at a time. */
        final AtomicInteger writes = new AtomicInteger();

        final AtomicInteger forces = new AtomicInteger();
        final AtomicInteger truncates = new AtomicInteger();
        final AtomicInteger opens = new AtomicInteger();
        /** How many forces of segment files succeeded. */
        final AtomicInteger segmentForces = new AtomicInteger();

        ChannelOpener opener() {
            return this::open;
        }

        private FileChannel open(Path file, OpenOption... options) throws IOException {
            if (failing.get() || take(opens)) {
                throw new IOException("injected: cannot open " + file.getFileName());
            }
            return new FaultyFileChannel(FileChannel.open(file, options), this, file);
        }
    }

    private final FileChannel delegate;
    private final Faults faults;
    private final boolean segment;

    private FaultyFileChannel(FileChannel delegate, Faults faults, Path file) {
        this.delegate = delegate;
        this.faults = faults;
        this.segment = file.getFileName().toString().endsWith(Segment.SUFFIX);
    }

    private static boolean take(AtomicInteger counter) {
        return counter.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (faults.failing.get() || take(faults.writes)) {
            ByteBuffer half = src.duplicate();
            half.limit(src.position() + src.remaining() / 2);
            delegate.write(half, position);
            throw new IOException("injected: No space left on device");
        }
        return delegate.write(src, position);
    }

    @Override
    public void force(boolean metaData) throws IOException {
        if (faults.failing.get() || take(faults.forces)) {
            throw new IOException("injected: Input/output error on fsync");
        }
        delegate.force(metaData);
        if (segment) {
            faults.segmentForces.incrementAndGet();
        }
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
        throw new UnsupportedOperationException("the journal writes at explicit positions only");
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        throw new UnsupportedOperationException("gathering writes are not used by the journal");
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
