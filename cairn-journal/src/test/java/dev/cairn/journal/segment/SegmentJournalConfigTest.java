package dev.cairn.journal.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The defaults of {@link SegmentJournalConfig}, and the values it refuses. */
class SegmentJournalConfigTest {

    @Test
    void defaults() {
        assertThat(SegmentJournalConfig.defaults())
                .isEqualTo(new SegmentJournalConfig(64L << 20, 4 << 20, 1 << 20, 4, Duration.ofDays(7)));
    }

    @Test
    void eachWitherChangesOnlyItsSetting() {
        SegmentJournalConfig config = SegmentJournalConfig.defaults()
                .withSegmentBytes(2048)
                .withMaxRecordBytes(1000)
                .withMaxBatchBytes(8192)
                .withSyncThreads(2)
                .withRetention(Duration.ofHours(3));

        assertThat(config).isEqualTo(new SegmentJournalConfig(2048, 1000, 8192, 2, Duration.ofHours(3)));
    }

    @Test
    void valuesOutOfRangeAreRefusedWithTheValue() {
        SegmentJournalConfig defaults = SegmentJournalConfig.defaults();

        assertThatThrownBy(() -> defaults.withSegmentBytes(1023)).hasMessageContaining("at least 1024, got 1023");
        assertThatThrownBy(() -> defaults.withMaxRecordBytes(0)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> defaults.withMaxRecordBytes((64 << 20) + 1)).hasMessageContaining("got 67108865");
        assertThatThrownBy(() -> defaults.withMaxBatchBytes(100)).hasMessageContaining("got 100");
        assertThatThrownBy(() -> defaults.withSyncThreads(0)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> defaults.withSyncThreads(65)).hasMessageContaining("got 65");
        assertThatThrownBy(() -> defaults.withRetention(Duration.ofSeconds(-1))).hasMessageContaining("PT-1S");
    }
}
