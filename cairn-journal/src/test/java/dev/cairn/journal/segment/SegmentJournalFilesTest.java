package dev.cairn.journal.segment;

import static dev.cairn.journal.segment.TestJournals.ACCOUNT;
import static dev.cairn.journal.segment.TestJournals.readAll;
import static dev.cairn.journal.segment.TestJournals.segmentFiles;
import static dev.cairn.journal.segment.TestJournals.text;
import static dev.cairn.journal.segment.TestJournals.texts;
import static dev.cairn.journal.segment.TestJournals.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.cairn.journal.JournalException;
import dev.cairn.journal.JournalOffset;
import dev.cairn.journal.JournalPosition;
import dev.cairn.journal.JournalRecord;
import dev.cairn.time.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a {@link SegmentJournal} keeps: segments that roll at their size, named by offset, owner-only, locked. */
class SegmentJournalFilesTest {

    private static final SegmentJournalConfig TINY =
            SegmentJournalConfig.defaults().withSegmentBytes(1024);

    @TempDir
    Path directory;

    @Test
    void recordsSpanSeveralSegmentsAndAreReadAcrossTheirBoundaries() throws IOException {
        List<JournalOffset> offsets = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        try (SegmentJournal journal = open(TINY)) {
            for (int i = 0; i < 100; i++) {
                String text = "record-" + i + "-" + "z".repeat(i % 40);
                expected.add(text);
                offsets.add(journal.append(ACCOUNT, utf8(text)));
            }
            assertThat(texts(journal)).containsExactlyElementsOf(expected);
        }

        List<Path> files = segmentFiles(directory);
        assertThat(files).hasSizeGreaterThan(5);
        for (Path file : files.subList(0, files.size() - 1)) {
            assertThat(Files.size(file)).as("size of %s", file).isLessThanOrEqualTo(1024);
        }
        try (SegmentJournal journal = open(TINY)) {
            assertThat(texts(journal)).containsExactlyElementsOf(expected);
            for (int i = 0; i < offsets.size(); i += 7) {
                List<JournalRecord> from = readAll(journal, JournalPosition.startingAt(offsets.get(i)));
                assertThat(from).extracting(r -> text(r.payload())).containsExactlyElementsOf(expected.subList(i, 100));
            }
        }
    }

    @Test
    void eachSegmentIsNamedByTheOffsetOfItsFirstRecord() throws IOException {
        List<JournalOffset> offsets = new ArrayList<>();
        try (SegmentJournal journal = open(TINY)) {
            for (int i = 0; i < 50; i++) {
                offsets.add(journal.append(ACCOUNT, utf8("r".repeat(90))));
            }
        }

        List<Long> bases = segmentFiles(directory).stream()
                .map(f -> Segment.baseOf(f.getFileName().toString()))
                .toList();
        assertThat(bases.get(0)).isZero();
        assertThat(offsets).extracting(JournalOffset::offset).containsAll(bases.subList(0, bases.size() - 1));
    }

    @Test
    void offsetsCountTheBytesOfTheRecordsBefore() {
        try (SegmentJournal journal = open(SegmentJournalConfig.defaults())) {
            JournalOffset first = journal.append(ACCOUNT, utf8("12345"));
            List<JournalOffset> batch = journal.append("k", List.of(utf8(""), utf8("abc")));

            assertThat(first.offset()).isZero();
            // frame = length, crc, key length, key, payload
            assertThat(batch.get(0).offset()).isEqualTo(8 + 2 + ACCOUNT.length() + 5);
            assertThat(batch.get(1).offset()).isEqualTo(batch.get(0).offset() + 8 + 2 + 1);
            assertThat(journal.end().next(0)).isEqualTo(batch.get(1).offset() + 8 + 2 + 1 + 3);
        }
    }

    @Test
    void aRecordLargerThanASegmentGetsASegmentOfItsOwn() throws IOException {
        byte[] large = new byte[5000];
        new Random(3).nextBytes(large);
        try (SegmentJournal journal = open(TINY)) {
            journal.append(ACCOUNT, utf8("small"));
            journal.append(ACCOUNT, large);
            journal.append(ACCOUNT, utf8("after"));

            List<JournalRecord> records = readAll(journal, JournalPosition.beginning());
            assertThat(records).hasSize(3);
            assertThat(records.get(1).payload()).isEqualTo(large);
        }
        assertThat(segmentFiles(directory)).hasSize(3);
    }

    @Test
    void aRecordLongerThanTheLimitIsRefused() {
        try (SegmentJournal journal = open(SegmentJournalConfig.defaults().withMaxRecordBytes(100))) {
            journal.append(ACCOUNT, new byte[100]);

            assertThatThrownBy(() -> journal.append(ACCOUNT, new byte[101]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("101 bytes")
                    .hasMessageContaining("limit of 100 bytes");
            assertThat(journal.stats().failedAppends()).isZero();
        }
    }

    @Test
    void theDirectoryAndItsFilesAreOwnerOnly() throws IOException {
        assumeThat(directory.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path journalDirectory = directory.resolve("data/journal");
        try (SegmentJournal journal = SegmentJournal.open(journalDirectory)) {
            journal.append(ACCOUNT, utf8("one"));
            journal.commit("history", journal.end());
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journalDirectory)))
                .isEqualTo("rwx------");
        try (var files = Files.walk(journalDirectory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                        .as("permissions of %s", file)
                        .isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aSecondJournalCannotOpenTheSameDirectory() {
        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            assertThatThrownBy(() -> SegmentJournal.open(directory))
                    .isInstanceOf(JournalException.class)
                    .hasMessageContaining("already open in this process");
            journal.append(ACCOUNT, utf8("still works"));
        }

        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            assertThat(texts(journal)).containsExactly("still works");
        }
    }

    @Test
    void aPositionOfAnotherPartitionIsRefused() {
        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            JournalPosition elsewhere = JournalPosition.beginning().with(3, 0L + 1);

            assertThatThrownBy(() -> journal.reader(elsewhere))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("partition 3");
            assertThatThrownBy(() -> journal.commit("history", elsewhere))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("partition 3");
        }
    }

    @Test
    void clearLeavesOneEmptySegmentThatStartsWhereTheOldRecordsEnded() throws IOException {
        long end;
        try (SegmentJournal journal = open(TINY)) {
            for (int i = 0; i < 30; i++) {
                journal.append(ACCOUNT, utf8("r".repeat(90)));
            }
            end = journal.end().next(0);
            journal.clear();
        }

        assertThat(segmentFiles(directory)).containsExactly(directory.resolve(Segment.fileName(end)));
        assertThat(Files.size(directory.resolve(Segment.fileName(end)))).isEqualTo(Segment.HEADER_BYTES);
    }

    private SegmentJournal open(SegmentJournalConfig config) {
        return SegmentJournal.open(directory, config, Clock.system());
    }
}
