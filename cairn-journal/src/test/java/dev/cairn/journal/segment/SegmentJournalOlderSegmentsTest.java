package dev.cairn.journal.segment;

import static dev.cairn.journal.segment.TestJournals.ACCOUNT;
import static dev.cairn.journal.segment.TestJournals.flipByte;
import static dev.cairn.journal.segment.TestJournals.readAll;
import static dev.cairn.journal.segment.TestJournals.segmentFiles;
import static dev.cairn.journal.segment.TestJournals.texts;
import static dev.cairn.journal.segment.TestJournals.truncate;
import static dev.cairn.journal.segment.TestJournals.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.journal.JournalException;
import dev.cairn.journal.JournalPosition;
import dev.cairn.time.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens to damage in a journal of several segments: only the last one can have a torn tail; the
 * others must follow each other exactly, and a damaged record in them fails the reader that meets it.
 */
class SegmentJournalOlderSegmentsTest {

    private static final SegmentJournalConfig TINY =
            SegmentJournalConfig.defaults().withSegmentBytes(1024);

    @TempDir
    Path directory;

    private List<Path> files;

    @BeforeEach
    void writeSeveralSegments() throws IOException {
        try (SegmentJournal journal = open()) {
            for (int i = 0; i < 60; i++) {
                journal.append(ACCOUNT, utf8("record-" + i + "-" + "y".repeat(50)));
            }
        }
        files = segmentFiles(directory);
        assertThat(files).hasSizeGreaterThan(3);
    }

    @Test
    void aTornTailOfTheLastSegmentIsTruncatedAndTheOthersAreKept() throws IOException {
        Path last = files.get(files.size() - 1);
        truncate(last, Files.size(last) - 3);

        try (SegmentJournal journal = open()) {
            List<String> texts = texts(journal);
            assertThat(texts).hasSize(59);
            assertThat(texts.get(58)).startsWith("record-58-");
        }
    }

    @Test
    void aSegmentCutShortBeforeTheLastIsRefused() throws IOException {
        truncate(files.get(1), Files.size(files.get(1)) - 1);

        assertThatThrownBy(this::open)
                .isInstanceOf(JournalException.class)
                .hasMessageContaining(files.get(1).toString())
                .hasMessageContaining("but the next segment, " + files.get(2));
    }

    @Test
    void aMissingSegmentBeforeTheLastIsRefused() throws IOException {
        Files.delete(files.get(2));

        assertThatThrownBy(this::open)
                .isInstanceOf(JournalException.class)
                .hasMessageContaining(files.get(1).toString())
                .hasMessageContaining("removed outside Cairn");
    }

    @Test
    void aDamagedRecordInAnOlderSegmentFailsTheReaderThatMeetsIt() throws IOException {
        long base = Segment.baseOf(files.get(1).getFileName().toString());
        flipByte(files.get(1), Segment.HEADER_BYTES + 20);

        try (SegmentJournal journal = open()) {
            assertThatThrownBy(() -> readAll(journal, JournalPosition.beginning()))
                    .isInstanceOf(JournalException.class)
                    .hasMessageContaining(files.get(1).toString())
                    .hasMessageContaining("offset " + base)
                    .hasMessageContaining("record checksum mismatch");
            assertThat(readAll(journal, journal.end())).isEmpty();
        }
    }

    private SegmentJournal open() {
        return SegmentJournal.open(directory, TINY, Clock.system());
    }
}
