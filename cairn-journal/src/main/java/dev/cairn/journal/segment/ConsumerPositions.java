package dev.cairn.journal.segment;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.cairn.journal.JournalException;
import dev.cairn.journal.JournalPosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The committed positions of a journal's consumers, one small file per consumer in {@code consumers/},
 * replaced atomically at each commit, and cached in memory.
 *
 * <pre>
 * file    = "position=" position "\n" "crc32c=" hex8 "\n"
 *                                 (position is JournalPosition.encode(); hex8 is the CRC32C of the
 *                                 UTF-8 bytes of the first line without its newline)
 * name    = consumer ".position"
 * </pre>
 *
 * <p>A commit writes {@code <consumer>.position.tmp}, forces it, renames it over the old file, and forces
 * the directory: after a crash the consumer has its old position or its new one, whole.
 */
final class ConsumerPositions {

    static final String DIRECTORY = "consumers";
    static final String SUFFIX = ".position";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final JournalDirectory journal;
    private final Path directory;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, JournalPosition> positions; // guarded by lock

    private ConsumerPositions(JournalDirectory journal, Path directory, Map<String, JournalPosition> positions) {
        this.journal = journal;
        this.directory = directory;
        this.positions = positions;
    }

    /**
     * Reads the committed positions of the journal in {@code journal}, creating {@code consumers/} if it is
     * missing.
     *
     * @throws JournalException when a position file is damaged
     */
    static ConsumerPositions load(JournalDirectory journal) throws IOException {
        Path directory = journal.path().resolve(DIRECTORY);
        journal.createOwnerOnlyDirectory(directory);
        Map<String, JournalPosition> positions = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(SUFFIX + JournalDirectory.TMP_SUFFIX)) {
                    Files.delete(entry); // a commit that a crash interrupted: the old position stands
                } else if (name.endsWith(SUFFIX)) {
                    positions.put(name.substring(0, name.length() - SUFFIX.length()), read(entry));
                }
            }
        }
        return new ConsumerPositions(journal, directory, positions);
    }

    /**
     * Throws unless {@code consumer} is a valid consumer name.
     *
     * @throws IllegalArgumentException naming the bad name and the rule
     */
    static String checkName(String consumer) {
        if (!NAME.matcher(consumer).matches()) {
            throw new IllegalArgumentException(
                    "consumer name '" + consumer + "' must be 1 to 100 characters from A-Z a-z 0-9 . _ -");
        }
        return consumer;
    }

    Optional<JournalPosition> get(String consumer) {
        lock.lock();
        try {
            return Optional.ofNullable(positions.get(consumer));
        } finally {
            lock.unlock();
        }
    }

    /** Returns every committed position, by consumer. */
    Map<String, JournalPosition> all() {
        lock.lock();
        try {
            return Map.copyOf(positions);
        } finally {
            lock.unlock();
        }
    }

    /** Durably replaces the position of {@code consumer}; on failure the old one stands. */
    void commit(String consumer, JournalPosition position) throws IOException {
        byte[] content = encode(position);
        Path file = directory.resolve(consumer + SUFFIX);
        Path tmp = directory.resolve(consumer + SUFFIX + JournalDirectory.TMP_SUFFIX);
        lock.lock();
        try {
            try {
                Files.deleteIfExists(tmp);
                journal.createOwnerOnlyFile(tmp);
                try (FileChannel channel = journal.opener().open(tmp, WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer, buffer.position());
                    }
                    channel.force(true);
                }
                Files.move(tmp, file, ATOMIC_MOVE);
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            // From here the new position may survive a crash, so memory follows the disk even if the
            // directory sync below fails.
            positions.put(consumer, position);
            journal.syncDirectory(directory);
        } finally {
            lock.unlock();
        }
    }

    /** Durably deletes the position of {@code consumer}, if it has one. */
    void forget(String consumer) throws IOException {
        lock.lock();
        try {
            if (positions.remove(consumer) != null) {
                Files.deleteIfExists(directory.resolve(consumer + SUFFIX));
                journal.syncDirectory(directory);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Deletes every committed position. */
    void clear() throws IOException {
        lock.lock();
        try {
            List<String> consumers = List.copyOf(positions.keySet());
            for (String consumer : consumers) {
                Files.deleteIfExists(directory.resolve(consumer + SUFFIX));
                positions.remove(consumer);
            }
            journal.syncDirectory(directory);
        } finally {
            lock.unlock();
        }
    }

    private static byte[] encode(JournalPosition position) {
        String line = "position=" + position.encode();
        return (line + "\ncrc32c=" + "%08x".formatted(crc(line)) + "\n").getBytes(UTF_8);
    }

    private static JournalPosition read(Path file) throws IOException {
        String text = Files.readString(file, UTF_8);
        String[] lines = text.split("\n", -1);
        if (lines.length != 3
                || !lines[0].startsWith("position=")
                || !lines[1].equals("crc32c=" + "%08x".formatted(crc(lines[0])))
                || !lines[2].isEmpty()) {
            throw new JournalException("consumer position file " + file
                    + " is damaged (its checksum or layout is wrong); delete it to make that consumer start again"
                    + " from the oldest record kept, which it may then read twice");
        }
        try {
            return JournalPosition.parse(lines[0].substring("position=".length()));
        } catch (IllegalArgumentException e) {
            throw new JournalException(
                    "consumer position file " + file + " holds no valid position: " + e.getMessage(), e);
        }
    }

    private static int crc(String line) {
        CRC32C crc = new CRC32C();
        crc.update(line.getBytes(UTF_8));
        return (int) crc.getValue();
    }
}
