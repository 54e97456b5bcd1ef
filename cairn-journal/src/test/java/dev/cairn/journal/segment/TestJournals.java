package dev.cairn.journal.segment;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.journal.Journal;
import dev.cairn.journal.JournalPosition;
import dev.cairn.journal.JournalReader;
import dev.cairn.journal.JournalRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Small helpers shared by the tests of the segment journal. */
final class TestJournals {

    static final String ACCOUNT = "123456789012";

    private TestJournals() {}

    static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }

    /** Returns every record of the journal from {@code from} on, waiting only briefly at the end. */
    static List<JournalRecord> readAll(Journal journal, JournalPosition from) {
        List<JournalRecord> records = new ArrayList<>();
        try (JournalReader reader = journal.reader(from)) {
            while (true) {
                List<JournalRecord> polled = reader.poll(10_000, Duration.ofMillis(20));
                if (polled.isEmpty()) {
                    return records;
                }
                records.addAll(polled);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Returns the payloads of every record of the journal, as text. */
    static List<String> texts(Journal journal) {
        return readAll(journal, JournalPosition.beginning()).stream()
                .map(r -> text(r.payload()))
                .toList();
    }

    /** Returns the segment files of a journal directory, oldest first. */
    static List<Path> segmentFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(Segment.SUFFIX))
                    .sorted()
                    .toList();
        }
    }

    static Path lastSegment(Path directory) throws IOException {
        List<Path> files = segmentFiles(directory);
        return files.get(files.size() - 1);
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    static void flipByte(Path file, long position) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[Math.toIntExact(position)] ^= (byte) 0x5A;
        Files.write(file, bytes);
    }

    static void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }
}
