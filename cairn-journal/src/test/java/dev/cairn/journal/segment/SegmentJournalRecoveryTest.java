package dev.cairn.journal.segment;

import static dev.cairn.journal.segment.TestJournals.ACCOUNT;
import static dev.cairn.journal.segment.TestJournals.append;
import static dev.cairn.journal.segment.TestJournals.flipByte;
import static dev.cairn.journal.segment.TestJournals.lastSegment;
import static dev.cairn.journal.segment.TestJournals.texts;
import static dev.cairn.journal.segment.TestJournals.truncate;
import static dev.cairn.journal.segment.TestJournals.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.journal.JournalException;
import dev.cairn.journal.JournalOffset;
import dev.cairn.testkit.logging.CapturingLogProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;

/**
 * What {@link SegmentJournal#open} does with segments that a crash, or something else, damaged: a torn
 * tail of the last segment is truncated with a warning; damage elsewhere is refused, or reported by the
 * reader that meets it.
 */
class SegmentJournalRecoveryTest {

    @TempDir
    Path directory;

    private Path segment;

    /** The file position where each of the three good records ends, and where the last one ends. */
    private final long[] ends = new long[4];

    @BeforeEach
    void writeThreeGoodRecordsAndALastOne() throws IOException {
        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            segment = lastSegment(directory);
            for (int i = 0; i < 3; i++) {
                journal.append(ACCOUNT, utf8("k" + i));
                ends[i] = Files.size(segment);
            }
            journal.append(ACCOUNT, utf8("last" + "x".repeat(100)));
            ends[3] = Files.size(segment);
        }
        CapturingLogProvider.reset();
    }

    @ParameterizedTest(name = "cut {0} bytes into the last record")
    @ValueSource(ints = {1, 4, 7, 8, 9, 10, 60, -1})
    void aTornLastRecordIsTruncatedAndTheJournalStaysAppendable(int cut) throws IOException {
        long cutAt = cut < 0 ? ends[3] + cut : ends[2] + cut;
        truncate(segment, cutAt);

        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            assertThat(texts(journal)).containsExactly("k0", "k1", "k2");
            assertThat(Files.size(segment)).isEqualTo(ends[2]);
            JournalOffset after = journal.append(ACCOUNT, utf8("after"));
            assertThat(after.offset()).isEqualTo(ends[2] - Segment.HEADER_BYTES);
        }

        assertThat(CapturingLogProvider.events(Level.WARN))
                .singleElement()
                .satisfies(e -> assertThat(e.message())
                        .contains(segment.toString())
                        .contains("torn tail at offset " + (ends[2] - Segment.HEADER_BYTES))
                        .contains("byte " + ends[2])
                        .contains("truncating the " + (cutAt - ends[2]) + " bytes"));
        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            assertThat(texts(journal)).containsExactly("k0", "k1", "k2", "after");
        }
        assertThat(CapturingLogProvider.events(Level.WARN)).hasSize(1);
    }

    @ParameterizedTest(name = "flip byte {0} of the last record")
    @ValueSource(ints = {0, 3, 4, 7, 8, 9, 10, 40, -1})
    void aFlippedByteInTheLastRecordIsTruncated(int position) throws IOException {
        flipByte(segment, position < 0 ? ends[3] + position : ends[2] + position);

        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            assertThat(texts(journal)).containsExactly("k0", "k1", "k2");
            assertThat(Files.size(segment)).isEqualTo(ends[2]);
            journal.append(ACCOUNT, utf8("after"));
        }

        assertThat(CapturingLogProvider.events(Level.WARN))
                .singleElement()
                .satisfies(e ->
                        assertThat(e.message()).contains(segment.toString()).contains("byte " + ends[2]));
        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            assertThat(texts(journal)).containsExactly("k0", "k1", "k2", "after");
        }
    }

    @ParameterizedTest(name = "{0} bytes of garbage")
    @ValueSource(ints = {1, 7, 8, 9, 100, 5000, 300_000, 3_000_000})
    void garbageAfterTheLastRecordIsTruncated(int length) throws IOException {
        byte[] garbage = new byte[length];
        new Random(length).nextBytes(garbage);
        append(segment, garbage);

        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            assertThat(texts(journal)).containsExactly("k0", "k1", "k2", "last" + "x".repeat(100));
            assertThat(Files.size(segment)).isEqualTo(ends[3]);
        }

        assertThat(CapturingLogProvider.events(Level.WARN))
                .singleElement()
                .satisfies(e -> assertThat(e.message())
                        .contains(segment.toString())
                        .contains("byte " + ends[3])
                        .contains(length + " bytes"));
    }

    @Test
    void zerosAfterTheLastRecordAreTruncated() throws IOException {
        // What some file systems leave when a crash persisted a file's new size but not its data.
        append(segment, new byte[64 * 1024]);

        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            assertThat(texts(journal)).hasSize(4);
            assertThat(Files.size(segment)).isEqualTo(ends[3]);
        }
        assertThat(CapturingLogProvider.events(Level.WARN))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("record length 0 is out of range"));
    }

    @Test
    void aValidRecordAfterATornOneIsTruncatedWithIt() throws IOException {
        // Writeback may persist a later unacknowledged batch before an earlier one: both go.
        byte[] file = Files.readAllBytes(segment);
        append(segment, Arrays.copyOfRange(file, (int) ends[0], (int) ends[3]));
        flipByte(segment, ends[3] + 9);

        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            assertThat(texts(journal)).containsExactly("k0", "k1", "k2", "last" + "x".repeat(100));
            assertThat(Files.size(segment)).isEqualTo(ends[3]);
        }
    }

    @Test
    void aCleanJournalOpensWithoutAWarning() {
        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            assertThat(texts(journal)).hasSize(4);
        }

        assertThat(CapturingLogProvider.events(Level.WARN)).isEmpty();
    }

    @Test
    void aSegmentWhoseCreationACrashInterruptedIsDeleted() throws IOException {
        Path tmp = directory.resolve(Segment.fileName(ends[3] - Segment.HEADER_BYTES) + ".tmp");
        Files.write(tmp, new byte[7]);

        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            assertThat(texts(journal)).hasSize(4);
        }

        assertThat(tmp).doesNotExist();
        assertThat(CapturingLogProvider.events(Level.INFO))
                .anySatisfy(e -> assertThat(e.message()).contains(tmp.toString()));
    }

    @Test
    void aSegmentWithADamagedHeaderIsRefused() throws IOException {
        flipByte(segment, 12);

        assertThatThrownBy(() -> SegmentJournal.open(directory))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining(segment.toString())
                .hasMessageContaining("header fails its checksum");
        assertOpensAfterTheDamageIsRepaired(() -> flipByte(segment, 12));
    }

    @Test
    void aFileThatIsNotASegmentIsRefused() throws IOException {
        Files.writeString(segment, "this is not a journal segment, but it is long enough to hold a header");

        assertThatThrownBy(() -> SegmentJournal.open(directory))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining(segment.toString())
                .hasMessageContaining("does not start with CAIRNJ01");
    }

    @Test
    void aSegmentShorterThanItsHeaderIsRefused() throws IOException {
        truncate(segment, 5);

        assertThatThrownBy(() -> SegmentJournal.open(directory))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining(segment.toString())
                .hasMessageContaining("5 bytes long, shorter than its header");
    }

    @Test
    void aSegmentRenamedToAnotherOffsetIsRefused() throws IOException {
        Path renamed = directory.resolve(Segment.fileName(7));
        Files.move(segment, renamed);

        assertThatThrownBy(() -> SegmentJournal.open(directory))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("base offset 0, but its name says 7");
    }

    @Test
    void whenTheJournalCannotOpenItReleasesTheDirectory() throws IOException {
        truncate(segment, 5);
        assertThatThrownBy(() -> SegmentJournal.open(directory)).isInstanceOf(JournalException.class);

        Files.delete(segment);

        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            assertThat(texts(journal)).isEmpty();
        }
    }

    private void assertOpensAfterTheDamageIsRepaired(ThrowingRunnable repair) throws IOException {
        repair.run();
        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            assertThat(texts(journal)).hasSize(4);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws IOException;
    }
}
