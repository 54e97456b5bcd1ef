package dev.cairn.bucket.folder;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;

/** File operations that survive a crash: written files and directory entries are forced to disk. */
final class DurableFiles {
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private DurableFiles() {}

    /** Creates {@code file}, which must not exist, with {@code bytes}, and forces it to disk. */
    static void write(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, CREATE_NEW, WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Forces {@code dir}, so that a file created, renamed or deleted in it stays so after a crash. */
    static void syncDirectory(Path dir) throws IOException {
        if (!POSIX) {
            return; // Windows cannot open a directory as a file; NTFS journals its metadata itself
        }
        try (FileChannel channel = FileChannel.open(dir, READ)) {
            channel.force(true);
        }
    }

    /**
     * Creates {@code dir} and its missing parents below {@code top}, which must exist, forcing each parent
     * that got a new entry.
     *
     * @throws FileAlreadyExistsException if {@code dir} or one of its parents is a file
     */
    static void createDirectories(Path top, Path dir) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir; p != null && !p.equals(top); p = p.getParent()) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                break;
            }
            missing.push(p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
                syncDirectory(p.getParent());
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw e;
                }
                // created by a concurrent writer
            }
        }
    }

    /**
     * Deletes each empty directory from {@code dir} up to, not including, {@code top}, and stops at the
     * first that is not empty (a concurrent writer may have just put something in it).
     */
    static void deleteEmptyDirectories(Path top, Path dir) throws IOException {
        for (Path p = dir; p != null && p.startsWith(top) && !p.equals(top); p = p.getParent()) {
            try {
                Files.delete(p);
                syncDirectory(p.getParent());
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            }
        }
    }

    /** Deletes {@code path} and everything below it, if it exists. */
    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
