package dev.cairn.metadata.embedded;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static java.util.Objects.requireNonNull;

import dev.cairn.metadata.MetadataBatch;
import dev.cairn.metadata.MetadataConflictException;
import dev.cairn.metadata.MetadataEntry;
import dev.cairn.metadata.MetadataStore;
import dev.cairn.metadata.MetadataStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MetadataStore} kept in one directory: every applied batch is one checksummed record appended
 * to {@code metadata.log} and fsync'd before {@link #apply} returns, and the log is replayed into sorted
 * in-memory maps by {@link #open}. Reads are answered from memory and never wait for the disk.
 *
 * <p>The directory, created owner-only if missing, holds {@code metadata.log}; {@code LOCK}, locked
 * while the store is open so that no second process opens the same directory; and, while the log is
 * being compacted, {@code metadata.log.tmp}. The log is rewritten to its live entries when it grows past
 * 4 times their size and past 1 MiB. The record format is described in {@code LogFormat}.
 */
public final class LogMetadataStore implements MetadataStore {

    /*
     * Durability and atomicity
     * ------------------------
     * The log is the only durable state; the maps in memory are a cache of it, rebuilt at every open.
     *
     * Acknowledge only what is durable. apply() writes the batch's record at the end of the log, calls
     * FileChannel.force(false) (fdatasync: the data and the file size, which is all a later read needs),
     * and only then publishes the changes to memory and returns. So every batch apply() returned from is
     * on disk, and no reader ever sees a batch that a crash could take back.
     *
     * A crash tears at most the last record. Appends are serialised by the writer lock and each one is
     * forced before the next begins, so a crash can damage only the record being appended, whose apply()
     * had not returned. Replay stops at the first record that is short or fails its CRC32C (which covers
     * the length too); if no valid record follows it, it is that torn append, and open truncates it with a
     * WARN. A bad record followed by a valid one cannot come from a crash: bytes changed after they were
     * forced. Replaying around them would silently drop acknowledged batches, so open refuses instead.
     *
     * A failed write or force publishes nothing. The file is truncated back to where the record began and
     * forced again (force(true), as the size changed), so the batch is gone for this process and for a
     * restart alike, and the next record follows the last good one. A failed fsync is never retried on the
     * same bytes: on Linux a failed fsync can drop the dirty pages and a retry can then report success
     * without writing them. If the rollback fails too, whether the failed record would survive a crash is
     * unknown, so the store refuses every further change until it is reopened; reads keep serving the
     * acknowledged state, and reopening replays whatever the disk really holds.
     *
     * Conditions are checked under the writer lock, against the published state, which only a holder of
     * that lock changes: no batch can slip in between the check and the append. Conditions are not logged,
     * since replaying the changes of a batch that passed them gives the same state.
     *
     * Readers share a read-write lock whose write side a writer holds only while publishing a batch to the
     * maps, never across I/O: reads do not wait for fsync, and never see half of a batch.
     *
     * Compaction writes the live entries as put records to metadata.log.tmp, forces it, renames it over
     * metadata.log (atomic), then forces the directory so that the rename itself survives a crash. A crash
     * before the rename leaves the old log, whole (open deletes the stale temporary file); after it, the new
     * log, which holds the same state. Appends then go to the new file through the channel that wrote it.
     * If forcing the directory fails, a crash could bring the old log back without the records appended
     * after the rename, so the store refuses changes until reopened. A new log is created the same way, so
     * metadata.log always begins with a whole header. clear() appends a record like any batch, and the
     * dead log it leaves is compacted by the same rule.
     *
     * FileChannel closes itself when a thread blocked in it is interrupted. The writer clears its thread's
     * interrupt status around its I/O and restores it afterwards; if an interrupt still closes the channel
     * mid-append, the rollback reopens the file.
     */

    private static final Logger log = LoggerFactory.getLogger(LogMetadataStore.class);

    static final String LOG_FILE = "metadata.log";
    static final String TMP_FILE = "metadata.log.tmp";
    static final String LOCK_FILE = "LOCK";

    /** The log is compacted only when it is larger than this... */
    static final long COMPACTION_MIN_BYTES = 1 << 20;
    /** ...and than this many times the size of its live entries. */
    static final int COMPACTION_RATIO = 4;
    /** Compaction cuts its put records at about this many bytes. */
    private static final int SNAPSHOT_RECORD_BYTES = 1 << 20;

    /** Opens a file of the store; tests substitute channels that fail on demand. */
    @FunctionalInterface
    interface ChannelOpener {
        FileChannel open(Path file, OpenOption... options) throws IOException;
    }

    /** What tests can change about a store. */
    record Options(long compactionMinBytes, ChannelOpener opener) {
        static final Options DEFAULT = new Options(COMPACTION_MIN_BYTES, FileChannel::open);

        Options {
            requireNonNull(opener, "opener is null");
        }
    }

    /** A freshly written log, renamed into place. */
    private record NewLog(FileChannel channel, long end) {}

    private final Path directory;
    private final Path logFile;
    private final Path tmpFile;
    private final Options options;
    private final boolean posix;
    private final FileChannel lockChannel;

    /** Orders appends, compaction and close; held across their I/O. */
    private final ReentrantLock writer = new ReentrantLock();
    /** Guards {@link #tables}: readers share it; a writer takes it alone only to publish, never across I/O. */
    private final ReentrantReadWriteLock view = new ReentrantReadWriteLock();

    private final Tables tables = new Tables();

    // Guarded by writer.
    private FileChannel channel;
    private long end;
    private long compactionDeferredUntil;
    private @Nullable IOException failure;

    private volatile boolean closed;

    /**
     * Opens the store kept in {@code directory}, creating the directory (owner-only, where the file system
     * has POSIX permissions) and an empty log if they are missing.
     *
     * @throws MetadataStoreException when another store holds the directory, the log is corrupt, or the
     *     files cannot be created or read
     */
    public static LogMetadataStore open(Path directory) {
        return open(directory, Options.DEFAULT);
    }

    static LogMetadataStore open(Path directory, Options options) {
        requireNonNull(directory, "directory is null");
        requireNonNull(options, "options is null");
        Path dir = directory.toAbsolutePath().normalize();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileChannel lockChannel;
        try {
            createOwnerOnlyDirectory(dir, posix);
            lockChannel = FileChannel.open(createOwnerOnlyFile(dir.resolve(LOCK_FILE), posix), WRITE);
        } catch (IOException e) {
            throw new MetadataStoreException("cannot create or open the metadata directory " + dir + ": " + e, e);
        }
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            closeQuietly(lockChannel);
            throw new MetadataStoreException("metadata directory " + dir
                    + " is already open in this process; close the LogMetadataStore that holds it first");
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new MetadataStoreException(
                    "cannot lock the metadata directory " + dir + " through " + LOCK_FILE + ": " + e, e);
        }
        if (lock == null) {
            closeQuietly(lockChannel);
            throw new MetadataStoreException("metadata directory " + dir
                    + " is in use by another process, which holds the lock on " + dir.resolve(LOCK_FILE)
                    + "; stop that process or give this one another directory");
        }
        try {
            return new LogMetadataStore(dir, options, posix, lockChannel);
        } catch (IOException e) {
            closeQuietly(lockChannel); // and with it the lock
            throw new MetadataStoreException("cannot open the metadata log in " + dir + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    private LogMetadataStore(Path directory, Options options, boolean posix, FileChannel lockChannel)
            throws IOException {
        this.directory = directory;
        this.logFile = directory.resolve(LOG_FILE);
        this.tmpFile = directory.resolve(TMP_FILE);
        this.options = options;
        this.posix = posix;
        this.lockChannel = lockChannel;
        if (Files.deleteIfExists(tmpFile)) {
            log.info("Deleted {}, left behind by a compaction that did not finish", tmpFile);
        }
        if (Files.exists(logFile)) {
            this.channel = options.opener().open(logFile, READ, WRITE);
            try {
                recover();
            } catch (IOException | RuntimeException e) {
                closeQuietly(channel);
                throw e;
            }
        } else {
            NewLog empty = writeLog();
            this.channel = empty.channel();
            this.end = empty.end();
            try {
                syncDirectory();
            } catch (IOException e) {
                closeQuietly(channel);
                throw e;
            }
        }
        try {
            compactIfWasteful();
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private void recover() throws IOException {
        LogReplay.Result replay = LogReplay.replay(channel, logFile, tables);
        LogReplay.TornTail torn = replay.tornTail();
        if (torn != null) {
            log.warn(
                    "Metadata log {} has a torn tail at byte {} ({}): truncating the {} bytes of an append that a"
                            + " crash cut short; its batch had not been acknowledged",
                    logFile,
                    torn.offset(),
                    torn.problem(),
                    torn.length());
            channel.truncate(torn.offset());
            channel.force(true);
        }
        end = replay.validEnd();
    }

    @Override
    public Optional<byte[]> get(String table, String key) {
        requireNonNull(table, "table is null");
        requireNonNull(key, "key is null");
        checkOpen();
        view.readLock().lock();
        try {
            return Optional.ofNullable(tables.get(table, key));
        } finally {
            view.readLock().unlock();
        }
    }

    @Override
    public List<MetadataEntry> list(String table, String keyPrefix) {
        requireNonNull(table, "table is null");
        requireNonNull(keyPrefix, "keyPrefix is null");
        checkOpen();
        view.readLock().lock();
        try {
            return tables.list(table, keyPrefix);
        } finally {
            view.readLock().unlock();
        }
    }

    @Override
    public void apply(MetadataBatch batch) {
        requireNonNull(batch, "batch is null");
        List<MetadataBatch.Step> conditions = new ArrayList<>();
        List<MetadataBatch.Step> changes = new ArrayList<>();
        for (MetadataBatch.Step step : batch.steps()) {
            switch (step) {
                case MetadataBatch.ExpectAbsent absent -> conditions.add(absent);
                case MetadataBatch.ExpectPresent present -> conditions.add(present);
                // The copy is ours alone: Tables stores it as it is.
                case MetadataBatch.Put put ->
                    changes.add(new MetadataBatch.Put(
                            put.table(), put.key(), put.value().clone()));
                case MetadataBatch.Delete delete -> changes.add(delete);
            }
        }
        byte @Nullable [] record = changes.isEmpty() ? null : LogFormat.changesRecord(changes);
        writer.lock();
        boolean interrupted = Thread.interrupted();
        try {
            checkWritable();
            for (MetadataBatch.Step condition : conditions) {
                boolean present = tables.contains(condition.table(), condition.key());
                if (present == condition instanceof MetadataBatch.ExpectAbsent) {
                    throw new MetadataConflictException(condition);
                }
            }
            if (record == null) {
                return;
            }
            append(record);
            publish(changes);
            compactIfWasteful();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            writer.unlock();
        }
    }

    @Override
    public void clear() {
        writer.lock();
        boolean interrupted = Thread.interrupted();
        try {
            checkWritable();
            append(LogFormat.clearRecord());
            view.writeLock().lock();
            try {
                tables.clear();
            } finally {
                view.writeLock().unlock();
            }
            compactIfWasteful();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            writer.unlock();
        }
    }

    /** Closes the log and releases the directory. Idempotent; every applied change was already durable. */
    @Override
    public void close() {
        writer.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            IOException failed = null;
            try {
                channel.close();
            } catch (IOException e) {
                failed = e;
            }
            try {
                lockChannel.close(); // releases the lock
            } catch (IOException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
            if (failed != null) {
                throw new MetadataStoreException(
                        "could not close the metadata store in " + directory
                                + " cleanly; every applied change was already durable",
                        failed);
            }
        } finally {
            writer.unlock();
        }
    }

    @Override
    public String toString() {
        return "LogMetadataStore[" + directory + "]";
    }

    /** Writes and forces one record at the end of the log, or rolls the log back and throws. */
    private void append(byte[] record) {
        long start = end;
        try {
            write(channel, record, start);
            channel.force(false);
        } catch (IOException e) {
            rollBack(start, e);
            throw new MetadataStoreException(
                    "could not write the metadata log " + logFile + " at byte " + start
                            + "; the change was not applied: " + e,
                    e);
        }
        end = start + record.length;
    }

    private void rollBack(long start, IOException cause) {
        boolean interrupted = Thread.interrupted(); // an interrupt may be why the write failed
        try {
            if (!channel.isOpen()) {
                channel = options.opener().open(logFile, READ, WRITE);
            }
            channel.truncate(start);
            channel.force(true);
        } catch (IOException e) {
            cause.addSuppressed(e);
            failure = e;
            log.error(
                    "Could not roll the metadata log {} back to byte {} after a failed write; refusing changes"
                            + " until the store is reopened",
                    logFile,
                    start,
                    e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void publish(List<MetadataBatch.Step> changes) {
        view.writeLock().lock();
        try {
            tables.apply(changes);
        } finally {
            view.writeLock().unlock();
        }
    }

    private void compactIfWasteful() {
        boolean wasteful = end > options.compactionMinBytes()
                && end > COMPACTION_RATIO * (LogFormat.HEADER.length + tables.liveBytes())
                && end >= compactionDeferredUntil;
        if (wasteful && failure == null) {
            compact();
        }
    }

    private void compact() {
        long before = end;
        NewLog compacted;
        try {
            compacted = writeLog();
        } catch (IOException e) {
            compactionDeferredUntil = end + Math.max(options.compactionMinBytes(), end / 2);
            log.warn(
                    "Could not compact the metadata log {} of {} bytes; keeping it, and trying again once it has"
                            + " grown to {} bytes",
                    logFile,
                    before,
                    compactionDeferredUntil,
                    e);
            return;
        }
        FileChannel old = channel;
        channel = compacted.channel();
        end = compacted.end();
        compactionDeferredUntil = 0;
        closeQuietly(old);
        try {
            syncDirectory();
        } catch (IOException e) {
            failure = e;
            log.error(
                    "Compacted the metadata log {} but could not sync {}, so the compacted log might not survive a"
                            + " crash; refusing changes until the store is reopened",
                    logFile,
                    directory,
                    e);
            return;
        }
        log.info("Compacted the metadata log {} from {} to {} bytes", logFile, before, end);
    }

    /**
     * Writes the live entries as a new log under the temporary name, forces it and renames it over the log.
     * On failure the temporary file is deleted and the log is as it was.
     */
    private NewLog writeLog() throws IOException {
        List<List<MetadataBatch.Step>> records = new ArrayList<>();
        List<MetadataBatch.Step> current = new ArrayList<>();
        long[] currentBytes = {0};
        tables.forEach((table, key, value) -> {
            if (currentBytes[0] >= SNAPSHOT_RECORD_BYTES) {
                records.add(List.copyOf(current));
                current.clear();
                currentBytes[0] = 0;
            }
            current.add(new MetadataBatch.Put(table, key, value));
            currentBytes[0] += LogFormat.putSize(table, key, value.length);
        });
        if (!current.isEmpty()) {
            records.add(current);
        }

        Files.deleteIfExists(tmpFile);
        createOwnerOnlyFile(tmpFile, posix);
        FileChannel out = options.opener().open(tmpFile, READ, WRITE);
        try {
            long position = write(out, LogFormat.HEADER, 0);
            for (List<MetadataBatch.Step> puts : records) {
                position = write(out, LogFormat.changesRecord(puts), position);
            }
            out.force(true);
            Files.move(tmpFile, logFile, ATOMIC_MOVE, REPLACE_EXISTING);
            return new NewLog(out, position);
        } catch (IOException | RuntimeException e) {
            closeQuietly(out);
            try {
                Files.deleteIfExists(tmpFile);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Forces the directory, so that a file created or renamed in it survives a crash. */
    private void syncDirectory() throws IOException {
        if (!posix) {
            return; // Windows cannot open a directory as a file; NTFS journals its metadata itself
        }
        try (FileChannel dir = FileChannel.open(directory, READ)) {
            dir.force(true);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private void checkWritable() {
        checkOpen();
        if (failure != null) {
            throw new MetadataStoreException(
                    this + " refuses changes since an I/O error it could not recover from (" + failure
                            + "); reopen it to continue from what the disk holds",
                    failure);
        }
    }

    private static long write(FileChannel channel, byte[] bytes, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
        return at;
    }

    private static void createOwnerOnlyDirectory(Path dir, boolean posix) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            if (posix) {
                Files.createDirectory(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    private static Path createOwnerOnlyFile(Path file, boolean posix) throws IOException {
        try {
            if (posix) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // kept as it is
        }
        return file;
    }

    private static void closeQuietly(@Nullable FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("Could not close a metadata file channel", e);
        }
    }
}
