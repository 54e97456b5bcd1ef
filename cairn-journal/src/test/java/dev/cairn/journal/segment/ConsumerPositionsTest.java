package dev.cairn.journal.segment;

import static dev.cairn.journal.segment.TestJournals.ACCOUNT;
import static dev.cairn.journal.segment.TestJournals.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.journal.JournalException;
import dev.cairn.journal.JournalPosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files of committed consumer positions: one readable line each, checksummed, replaced atomically. */
class ConsumerPositionsTest {

    @TempDir
    Path directory;

    private Path file(String consumer) {
        return directory.resolve(ConsumerPositions.DIRECTORY).resolve(consumer + ConsumerPositions.SUFFIX);
    }

    @Test
    void aPositionFileIsTheEncodedPositionAndItsChecksum() throws IOException {
        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            journal.append(ACCOUNT, utf8("one"));
            journal.commit("history", journal.end());
        }

        assertThat(Files.readString(file("history"))).matches("position=0:25\ncrc32c=[0-9a-f]{8}\n");
    }

    @Test
    void aDamagedPositionFileIsRefusedWithWhatToDo() throws IOException {
        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            journal.append(ACCOUNT, utf8("one"));
            journal.commit("history", journal.end());
        }
        Files.writeString(file("history"), Files.readString(file("history")).replace("0:25", "0:10"));

        assertThatThrownBy(() -> SegmentJournal.open(directory))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining(file("history").toString())
                .hasMessageContaining("delete it");

        Files.delete(file("history"));
        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            assertThat(journal.committed("history")).isEmpty();
        }
    }

    @Test
    void aCommitThatACrashInterruptedLeavesTheOldPosition() throws IOException {
        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            journal.commit("history", JournalPosition.beginning());
        }
        Files.writeString(file("history").resolveSibling("history.position.tmp"), "posit");

        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            assertThat(journal.committed("history")).contains(JournalPosition.beginning());
        }
        assertThat(file("history").resolveSibling("history.position.tmp")).doesNotExist();
    }

    @Test
    void aCommitAfterTheEndIsRefused() {
        try (SegmentJournal journal = SegmentJournal.open(directory)) {
            journal.append(ACCOUNT, utf8("one"));

            assertThatThrownBy(() -> journal.commit(
                            "history", JournalPosition.beginning().with(0, 26)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("0:26")
                    .hasMessageContaining("after the end")
                    .hasMessageContaining("offset 25");
        }
    }
}
