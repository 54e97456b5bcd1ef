package dev.cairn.server.recording;

import static java.util.Objects.requireNonNull;

import dev.cairn.journal.JournalException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disk reserve: a file of written (not sparse) bytes in the data directory, on the journal's file
 * system, that is deleted to make room for corrections when the disk is full. A call whose event was
 * journaled and whose change then could not be stored gets a correction event (reason UPDATED_DATA); on a
 * full disk that correction can meet the same lack of space, and the journal would keep saying the call
 * succeeded. Releasing the reserve lets the correction through.
 *
 * <p>A released reserve is kept for corrections: until it is written again, the recorders ({@link
 * JournalRecorder}, and the S3 recorder) refuse every other event (the call fails with 503, as on a full
 * disk), and {@link #admit} writes the reserve again as soon as the file system has {@value #HEADROOM}
 * times its size free (a write is tried at most once every {@value #RETRY_NANOS} ns). A reserve that
 * could not be written at start is tried again in the background, free space looked at at most once every
 * {@value #RETRY_NANOS} ns, and nothing is refused meanwhile.
 *
 * <p>Thread-safe.
 */
public final class DiskReserve {
    private static final Logger log = LoggerFactory.getLogger(DiskReserve.class);

    /** The name of the reserve file in the data directory. */
    public static final String FILE_NAME = "disk-reserve";

    /** The size of the reserve: room for a few thousand corrections. */
    public static final long DEFAULT_BYTES = 4L << 20;

    private static final int CHUNK = 64 << 10;

    private final @Nullable Path file;
    private final long bytes;
    /** How often a reserve that is not in place is tried again. */
    static final long RETRY_NANOS = 1_000_000_000L;

    /** How many times the reserve's size must be free before it is written again. */
    static final int HEADROOM = 4;

    private final AtomicBoolean restoring = new AtomicBoolean();
    private volatile boolean held;

    /** Whether the reserve was released for corrections and is not in place again yet. */
    private volatile boolean released;

    private volatile @Nullable Instant releasedAt;

    private volatile long lastAttemptNanos;

    /** The bytes free for the reserve on its file system; tests substitute a full disk. */
    @FunctionalInterface
    public interface FreeSpace {
        long usableBytes(Path directory) throws IOException;
    }

    private final FreeSpace freeSpace;

    private DiskReserve(@Nullable Path file, long bytes, FreeSpace freeSpace) {
        this.file = file;
        this.bytes = bytes;
        this.freeSpace = freeSpace;
    }

    /**
     * Returns the reserve kept as {@value #FILE_NAME} in {@code dataDirectory}, written now if it is missing
     * or short; when there is no room for it, a WARN says so, the reserve is not held (nor released: no call
     * waits for it) and {@link #admit} tries again in the background.
     */
    public static DiskReserve open(Path dataDirectory, long bytes) {
        return open(
                dataDirectory, bytes, directory -> Files.getFileStore(directory).getUsableSpace());
    }

    /** Returns the reserve as {@link #open(Path, long)} does, with the free space measured by {@code freeSpace}. */
    public static DiskReserve open(Path dataDirectory, long bytes, FreeSpace freeSpace) {
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(freeSpace, "freeSpace is null");
        if (bytes <= 0) {
            throw new IllegalArgumentException("bytes must be positive, got " + bytes);
        }
        DiskReserve reserve = new DiskReserve(dataDirectory.resolve(FILE_NAME), bytes, freeSpace);
        if (!reserve.restore()) {
            log.warn(
                    "No room for the {}-byte disk reserve {}: on a full disk, a call refused after its event was"
                            + " recorded may stay recorded as a success",
                    bytes,
                    reserve.file);
        }
        return reserve;
    }

    /** Returns a reserve that holds nothing, for recorders without a data directory. */
    public static DiskReserve none() {
        return new DiskReserve(null, 0, directory -> 0);
    }

    /** Whether the reserve file is in place. */
    public boolean held() {
        return held;
    }

    /**
     * Whether the reserve was released for corrections and is not in place again: other events must wait.
     */
    public boolean released() {
        return released;
    }

    /** When the reserve was last released, or null if it never was. */
    public @Nullable Instant releasedAt() {
        return releasedAt;
    }

    /**
     * Writes the reserve again now if it was released and there is room for it, not within {@value
     * #RETRY_NANOS} ns of the last try; returns whether it is no longer released.
     */
    public boolean restoreReleased(long nowNanos) {
        if (!released) {
            return true;
        }
        // Free space is looked at on every call while released (calls fail meanwhile, and the reserve should
        // be back the moment there is room); only the writes are rate-limited.
        if (!hasRoom() || !attemptDue(nowNanos)) {
            return false;
        }
        return restore();
    }

    /**
     * Lets an event other than a correction be appended: returns if the reserve was not released or could be
     * written again now (see {@link #restoreReleased}). A reserve that could not be written at start is
     * written in the background meanwhile (see {@link #restoreLater}).
     *
     * @throws JournalException while the reserve is released and there is no room to write it again
     */
    public void admit(long nowNanos) {
        if (!held && !released) {
            restoreLater(nowNanos);
            return;
        }
        if (!restoreReleased(nowNanos)) {
            throw new JournalException("the disk reserve was released for corrections and there is no room to write"
                    + " it again: the disk is full");
        }
    }

    /**
     * Appends a correction with {@code append}; if that fails, releases the reserve (once) and appends it
     * again.
     *
     * @throws JournalException the first failure, when the correction could not be written even so
     */
    public void appendCorrection(Instant now, Runnable append) {
        try {
            append.run();
        } catch (JournalException first) {
            if (!release(now)) {
                throw first;
            }
            try {
                append.run();
            } catch (JournalException second) {
                first.addSuppressed(second);
                throw first;
            }
        }
    }

    /**
     * Deletes the reserve file, giving its space back to the file system; returns whether there was one
     * to delete.
     */
    public synchronized boolean release(Instant now) {
        if (!held || file == null) {
            return false;
        }
        held = false;
        released = true;
        releasedAt = now;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.error("Cannot delete the disk reserve {}", file, e);
            return false;
        }
        log.error(
                "The disk is full: released the {}-byte disk reserve {} to record a correction; calls fail with 503"
                        + " until it can be written again ({} times its size free)",
                bytes,
                file,
                HEADROOM);
        return true;
    }

    /**
     * Writes the reserve in the background if it could not be written at start (not if it was released:
     * see {@link #restoreReleased}), at most once every {@value #RETRY_NANOS} ns.
     */
    public void restoreLater(long nowNanos) {
        if (held || released || file == null || !attemptDue(nowNanos) || !hasRoom()) {
            return;
        }
        if (!restoring.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("cairn-disk-reserve").start(() -> {
            try {
                if (restore()) {
                    log.info("The disk reserve {} is in place", file);
                }
            } finally {
                restoring.set(false);
            }
        });
    }

    /** Whether the file system has room for the reserve {@value #HEADROOM} times over. */
    private boolean hasRoom() {
        try {
            return file != null && freeSpace.usableBytes(file.getParent()) >= HEADROOM * bytes;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a write may be tried now: not within {@value #RETRY_NANOS} ns of the last one. */
    private boolean attemptDue(long nowNanos) {
        long last = lastAttemptNanos;
        if (last != 0 && nowNanos - last < RETRY_NANOS) {
            return false;
        }
        lastAttemptNanos = nowNanos == 0 ? 1 : nowNanos;
        return true;
    }

    /** Writes the reserve file if it is not in place; returns whether it is in place now. */
    synchronized boolean restore() {
        if (held) {
            return true;
        }
        if (file == null) {
            return false;
        }
        try {
            if (Files.isRegularFile(file) && Files.size(file) == bytes) {
                held = true;
                released = false;
                return true;
            }
        } catch (IOException e) {
            // written again below
        }
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            if (!hasRoom()) {
                return false;
            }
            try (FileChannel channel = FileChannel.open(
                    temporary,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer zeros = ByteBuffer.allocate(CHUNK);
                for (long written = 0; written < bytes; ) {
                    zeros.clear().limit((int) Math.min(CHUNK, bytes - written));
                    written += channel.write(zeros, written);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            held = true;
            if (released) {
                released = false;
                log.info("The disk reserve {} is in place again; calls are recorded again", file);
            }
            return true;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the next attempt truncates it
            }
            return false;
        }
    }
}
