package dev.cairn.journal.segment;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.cairn.journal.JournalException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory of one journal and the file operations on it that must survive a crash: creating a
 * segment whole, deleting segments oldest first, and forcing the directory after either. It also holds
 * the lock that keeps a second journal, in this process or another, out of the directory.
 *
 * <p>The directory holds the segments, {@code LOCK}, and {@code consumers/} with the committed
 * positions. It and the files Cairn creates in it are owner-only where the file system has POSIX
 * permissions.
 */
final class JournalDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JournalDirectory.class);

    static final String LOCK_FILE = "LOCK";
    static final String TMP_SUFFIX = ".tmp";

    private final Path path;
    private final boolean posix;
    private final ChannelOpener opener;
    private final FileChannel lockChannel;

    private JournalDirectory(Path path, boolean posix, ChannelOpener opener, FileChannel lockChannel) {
        this.path = path;
        this.posix = posix;
        this.opener = opener;
        this.lockChannel = lockChannel;
    }

    /**
     * Creates the directory if it is missing and locks it.
     *
     * @throws JournalException when the directory cannot be created, or another journal holds it
     */
    static JournalDirectory lock(Path directory, ChannelOpener opener) {
        Path dir = directory.toAbsolutePath().normalize();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileChannel lockChannel;
        try {
            createOwnerOnlyDirectory(dir, posix);
            Path lockFile = dir.resolve(LOCK_FILE);
            try {
                Files.createFile(lockFile, ownerOnly(posix, "rw-------"));
            } catch (FileAlreadyExistsException e) {
                // kept as it is
            }
            lockChannel = FileChannel.open(lockFile, WRITE);
        } catch (IOException e) {
            throw new JournalException("cannot create the journal directory " + dir + ": " + e, e);
        }
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            closeQuietly(lockChannel);
            throw new JournalException("journal directory " + dir
                    + " is already open in this process; close the SegmentJournal that holds it first");
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new JournalException(
                    "cannot lock the journal directory " + dir + " through " + LOCK_FILE + ": " + e, e);
        }
        if (lock == null) {
            closeQuietly(lockChannel);
            throw new JournalException(
                    "journal directory " + dir + " is in use by another process, which holds the lock on "
                            + dir.resolve(LOCK_FILE) + "; stop that process or give this one another directory");
        }
        return new JournalDirectory(dir, posix, opener, lockChannel);
    }

    Path path() {
        return path;
    }

    ChannelOpener opener() {
        return opener;
    }

    /** Returns the segment files of the directory, by name, which is offset order; deletes stale temporary files. */
    List<Path> segmentFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (Segment.baseOf(name) >= 0) {
                    files.add(entry);
                } else if (name.endsWith(Segment.SUFFIX + TMP_SUFFIX)) {
                    Files.delete(entry);
                    log.info("Deleted {}, a segment whose creation a crash interrupted", entry);
                }
            }
        }
        files.sort(null);
        return files;
    }

    /**
     * Creates an empty segment whole: its header is written to a temporary file, forced, and renamed into
     * place, and the directory is forced, so that after a crash the segment is either absent or whole.
     */
    Segment createSegment(long base, Instant created) throws IOException {
        Segment segment = new Segment(path.resolve(Segment.fileName(base)), base, created);
        Path tmp = path.resolve(Segment.fileName(base) + TMP_SUFFIX);
        Files.deleteIfExists(tmp);
        try {
            createOwnerOnlyFile(tmp);
            try (FileChannel channel = opener.open(tmp, WRITE)) {
                ByteBuffer header = segment.header();
                while (header.hasRemaining()) {
                    channel.write(header, header.position());
                }
                channel.force(true);
            }
            Files.move(tmp, segment.path(), ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw e;
        }
        syncDirectory(path);
        return segment;
    }

    /** Deletes segments in the order given, which must be oldest first, then forces the directory. */
    void deleteSegments(List<Segment> segments) throws IOException {
        for (Segment segment : segments) {
            Files.deleteIfExists(segment.path());
        }
        if (!segments.isEmpty()) {
            syncDirectory(path);
        }
    }

    /** Creates a file readable and writable by the owner only, where the file system can say so. */
    void createOwnerOnlyFile(Path file) throws IOException {
        Files.createFile(file, ownerOnly(posix, "rw-------"));
    }

    /** Creates {@code dir}, owner-only, if it is missing. */
    void createOwnerOnlyDirectory(Path dir) throws IOException {
        createOwnerOnlyDirectory(dir, posix);
    }

    /** Forces {@code dir}, so that a file created, renamed or deleted in it stays so after a crash. */
    void syncDirectory(Path dir) throws IOException {
        if (!posix) {
            return; // Windows cannot open a directory as a file; NTFS journals its metadata itself
        }
        try (FileChannel channel = opener.open(dir, READ)) {
            channel.force(true);
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        closeQuietly(lockChannel);
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
            Files.createDirectory(dir, ownerOnly(posix, "rwx------"));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    private static FileAttribute<?>[] ownerOnly(boolean posix, String permissions) {
        return posix
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
                }
                : new FileAttribute<?>[0];
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("Could not close {}", closeable, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("Could not delete {}", file, e);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
