package dev.cairn.journal.segment;

import static dev.cairn.journal.segment.TestJournals.readAll;
import static dev.cairn.journal.segment.TestJournals.text;
import static dev.cairn.journal.segment.TestJournals.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.journal.JournalOffset;
import dev.cairn.journal.JournalPosition;
import dev.cairn.journal.JournalRecord;
import dev.cairn.time.Clock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * After a crash, no acknowledged record is missing. Two ways to stop a journal without closing it: copy
 * its directory while 64 threads append (the copy is what a power cut at that moment could leave, or
 * better, since the page cache is in it too), and kill a process that appends with SIGKILL.
 */
class SegmentJournalCrashTest {

    private static final int WRITERS = 64;
    private static final SegmentJournalConfig SMALL_SEGMENTS =
            SegmentJournalConfig.defaults().withSegmentBytes(256 * 1024);

    @TempDir
    Path directory;

    @TempDir
    Path copy;

    @ParameterizedTest(name = "copied after {0} ms")
    @ValueSource(ints = {0, 150, 400})
    void aCopyTakenWhile64ThreadsAppendHoldsEveryRecordAcknowledgedBeforeIt(int delayMillis) throws Exception {
        Map<JournalOffset, String> acknowledged = new ConcurrentHashMap<>();
        Map<JournalOffset, String> acknowledgedBeforeCopy;
        AtomicBoolean appending = new AtomicBoolean(true);
        try (SegmentJournal journal = SegmentJournal.open(directory, SMALL_SEGMENTS, Clock.system());
                ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.submit(() -> {
                    for (int i = 0; appending.get(); i++) {
                        String text = writer + "/" + i + "/" + "e".repeat(1000);
                        acknowledged.put(journal.append(account(writer), utf8(text)), text);
                    }
                    return null;
                });
            }
            try {
                Thread.sleep(delayMillis);
                acknowledgedBeforeCopy = new HashMap<>(acknowledged);
                copyDirectory(directory, copy);
            } finally {
                appending.set(false);
            }
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        if (delayMillis > 0) {
            assertThat(acknowledgedBeforeCopy).isNotEmpty();
        }
        try (SegmentJournal recovered = SegmentJournal.open(copy, SMALL_SEGMENTS, Clock.system())) {
            Map<JournalOffset, String> found = new HashMap<>();
            for (JournalRecord record : readAll(recovered, JournalPosition.beginning())) {
                assertThat(found.put(record.offset(), text(record.payload()))).isNull();
            }
            assertThat(found).containsAllEntriesOf(acknowledgedBeforeCopy);
            // Whatever else survived was appended, even if not yet acknowledged when the copy was taken.
            assertThat(acknowledged).containsAllEntriesOf(found);
        }
    }

    @Test
    void aProcessKilledWhileAppendingLosesNoAcknowledgedRecord() throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        KilledAppender.class.getName(),
                        directory.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Map<Long, String> acknowledged = new HashMap<>();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < 20_000 && (line = lines.readLine()) != null) {
                int space = line.indexOf(' ');
                acknowledged.put(Long.parseLong(line.substring(0, space)), line.substring(space + 1));
            }
            process.destroyForcibly(); // SIGKILL: no close, no shutdown hook
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).hasSize(20_000);

        try (SegmentJournal recovered = SegmentJournal.open(directory, SMALL_SEGMENTS, Clock.system())) {
            Map<Long, String> found = new HashMap<>();
            for (JournalRecord record : readAll(recovered, JournalPosition.beginning())) {
                found.put(record.offset().offset(), text(record.payload()));
            }
            assertThat(found).containsAllEntriesOf(acknowledged);
        }
    }

    /** Appends from 64 threads until killed, printing the offset and text of each acknowledged record. */
    static final class KilledAppender {
        public static void main(String[] args) throws Exception {
            PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
            SegmentJournal journal = SegmentJournal.open(Path.of(args[0]), SMALL_SEGMENTS, Clock.system());
            ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.submit(() -> {
                    for (int i = 0; ; i++) {
                        String text = writer + "/" + i + "/" + "k".repeat(200);
                        long offset =
                                journal.append(account(writer), utf8(text)).offset();
                        synchronized (out) {
                            out.println(offset + " " + text);
                            out.flush();
                        }
                    }
                });
            }
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private static String account(int writer) {
        return "%012d".formatted(writer);
    }

    /** Copies the segments of a live journal, in offset order, as a crash would find them. */
    private static void copyDirectory(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> entries = Files.list(from)) {
            files = entries.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (Segment.baseOf(name) >= 0) { // a segment's temporary file may be renamed while we copy
                Files.copy(file, to.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
