package dev.cairn.journal.segment;

import static dev.cairn.journal.segment.TestJournals.ACCOUNT;
import static dev.cairn.journal.segment.TestJournals.readAll;
import static dev.cairn.journal.segment.TestJournals.segmentFiles;
import static dev.cairn.journal.segment.TestJournals.text;
import static dev.cairn.journal.segment.TestJournals.texts;
import static dev.cairn.journal.segment.TestJournals.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.journal.JournalOffset;
import dev.cairn.journal.JournalPosition;
import dev.cairn.journal.JournalReader;
import dev.cairn.journal.JournalRecord;
import dev.cairn.testkit.time.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link SegmentJournal#applyRetention()} deletes: whole segments below every consumer's committed
 * position that the journal moved on from longer ago than the retention, and nothing else.
 */
class SegmentJournalRetentionTest {

    private static final SegmentJournalConfig CONFIG =
            SegmentJournalConfig.defaults().withSegmentBytes(1024).withRetention(Duration.ofHours(1));

    @TempDir
    Path directory;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private SegmentJournal journal;
    private final List<JournalOffset> offsets = new ArrayList<>();

    @BeforeEach
    void writeSeveralSegments() throws IOException {
        journal = SegmentJournal.open(directory, CONFIG, clock);
        for (int i = 0; i < 40; i++) {
            offsets.add(journal.append(ACCOUNT, utf8("record-" + i + "-" + "p".repeat(80))));
        }
        assertThat(segmentFiles(directory)).hasSizeGreaterThan(3);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    @Test
    void withoutACommittedConsumerNothingIsDeleted() throws IOException {
        int segments = segmentFiles(directory).size();
        clock.advance(Duration.ofDays(30));

        assertThat(journal.applyRetention()).isZero();

        assertThat(segmentFiles(directory)).hasSize(segments);
    }

    @Test
    void segmentsEveryConsumerPassedAreDeletedOnceOlderThanTheRetention() throws IOException {
        List<Path> before = segmentFiles(directory);
        journal.commit("history", journal.end());
        journal.commit("trail", journal.end());
        clock.advance(Duration.ofHours(2));

        assertThat(journal.applyRetention()).isEqualTo(before.size() - 1);

        assertThat(segmentFiles(directory)).containsExactly(before.get(before.size() - 1));
        List<String> kept = texts(journal);
        assertThat(kept).isNotEmpty();
        assertThat(kept.get(kept.size() - 1)).startsWith("record-39-");
    }

    @Test
    void segmentsTheJournalMovedOnFromRecentlyAreKept() throws IOException {
        int segments = segmentFiles(directory).size();
        journal.commit("history", journal.end());
        clock.advance(Duration.ofMinutes(59));

        assertThat(journal.applyRetention()).isZero();

        assertThat(segmentFiles(directory)).hasSize(segments);
    }

    @Test
    void theSlowestConsumerHoldsTheSegmentsItHasNotPassed() throws IOException {
        List<Path> before = segmentFiles(directory);
        long secondBase = Segment.baseOf(before.get(1).getFileName().toString());
        journal.commit("fast", journal.end());
        journal.commit("slow", JournalPosition.beginning().with(0, secondBase + 1));
        clock.advance(Duration.ofHours(2));

        assertThat(journal.applyRetention()).isEqualTo(1);

        assertThat(segmentFiles(directory)).isEqualTo(before.subList(1, before.size()));
        assertThat(readAll(journal, JournalPosition.beginning()).get(0).offset().offset())
                .isEqualTo(secondBase);
    }

    @Test
    void aReaderInADeletedSegmentContinuesWithTheOldestRecordKept() throws Exception {
        JournalReader reader = journal.reader(JournalPosition.beginning());
        assertThat(reader.poll(1, Duration.ZERO)).hasSize(1);
        journal.commit("history", journal.end());
        clock.advance(Duration.ofHours(2));
        journal.applyRetention();
        long oldestKept =
                Segment.baseOf(segmentFiles(directory).get(0).getFileName().toString());

        List<JournalRecord> next = reader.poll(1, Duration.ofSeconds(10));

        assertThat(next)
                .singleElement()
                .satisfies(r -> assertThat(r.offset().offset()).isEqualTo(oldestKept));
        assertThat(text(next.get(0).payload())).startsWith("record-");
        reader.close();
    }

    @Test
    void theDeletionSurvivesReopenAndAppendsContinue() throws IOException {
        journal.commit("history", journal.end());
        clock.advance(Duration.ofHours(2));
        journal.applyRetention();
        List<String> kept = texts(journal);

        journal.close();
        journal = SegmentJournal.open(directory, CONFIG, clock);
        JournalOffset next = journal.append(ACCOUNT, utf8("after"));

        assertThat(next.offset()).isGreaterThan(offsets.get(offsets.size() - 1).offset());
        List<String> expected = new ArrayList<>(kept);
        expected.add("after");
        assertThat(texts(journal)).containsExactlyElementsOf(expected);
    }
}
