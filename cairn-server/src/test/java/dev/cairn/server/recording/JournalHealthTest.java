package dev.cairn.server.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.journal.Journal;
import dev.cairn.journal.JournalException;
import dev.cairn.testkit.journal.InMemoryJournal;
import dev.cairn.testkit.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JournalHealthTest {
    private static final byte[] RECORD = "{}".getBytes(StandardCharsets.UTF_8);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJournal journal = new InMemoryJournal();
    private final JournalHealth health = new JournalHealth(clock);
    private final Journal watched = health.watch(journal);

    private void failingAppend() {
        assertThatThrownBy(() -> watched.append("123456789012", RECORD)).isInstanceOf(JournalException.class);
    }

    @Test
    void aJournalThatNeverFailedIsWriting() {
        watched.append("123456789012", RECORD);
        assertThat(health.snapshot()).isEqualTo(JournalHealth.Snapshot.WRITING);
        assertThat(journal.stats().appendedRecords()).isEqualTo(1);
    }

    @Test
    void aFailedAppendMakesItFailingSinceTheFirstFailureUntilAnAppendSucceeds() {
        journal.failAppends(true);
        failingAppend();
        Instant first = clock.now();
        clock.advance(Duration.ofSeconds(3));
        failingAppend();

        JournalHealth.Snapshot failing = health.snapshot();
        assertThat(failing.failing()).isTrue();
        assertThat(failing.failingSince()).isEqualTo(first);
        assertThat(failing.lastFailure()).isEqualTo(first.plusSeconds(3));

        journal.failAppends(false);
        watched.append("123456789012", java.util.List.of(RECORD));
        assertThat(health.snapshot()).isEqualTo(JournalHealth.Snapshot.WRITING);
    }

    @Test
    void withNothingTriedForRetryAfterTheJournalIsNoLongerCountedFailing() {
        journal.failAppends(true);
        failingAppend();
        Instant failedAt = clock.now();

        clock.advance(JournalHealth.RETRY_AFTER.minusMillis(1));
        assertThat(health.snapshot().failing()).isTrue();
        clock.advance(Duration.ofMillis(1));
        JournalHealth.Snapshot untried = health.snapshot();
        assertThat(untried.failing()).isFalse();
        assertThat(untried.lastFailure()).isEqualTo(failedAt);

        // The next call finds it still failing: failing again at once, since the same first failure.
        failingAppend();
        assertThat(health.snapshot().failing()).isTrue();
        assertThat(health.snapshot().failingSince()).isEqualTo(failedAt);
    }

    @Test
    void errorsThatAreNotJournalFailuresDoNotCount() {
        journal.close();
        assertThatThrownBy(() -> watched.append("123456789012", RECORD)).isInstanceOf(IllegalStateException.class);
        assertThat(health.snapshot()).isEqualTo(JournalHealth.Snapshot.WRITING);
    }
}
