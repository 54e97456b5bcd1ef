package dev.cairn.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Positions: per-partition next offsets, their text, and their partial order. */
class JournalPositionTest {

    @Test
    void theBeginningReadsEveryPartitionFromOffsetZeroAndEncodesAsEmptyText() {
        assertThat(JournalPosition.beginning().next(0)).isZero();
        assertThat(JournalPosition.beginning().next(7)).isZero();
        assertThat(JournalPosition.beginning().encode()).isEmpty();
        assertThat(JournalPosition.parse("")).isEqualTo(JournalPosition.beginning());
    }

    @Test
    void aPositionEncodesAsPartitionOffsetPairsInPartitionOrder() {
        JournalPosition position = JournalPosition.beginning().with(2, 77).with(0, 1024);

        assertThat(position.encode()).isEqualTo("0:1024,2:77");
        assertThat(JournalPosition.parse("2:77,0:1024")).isEqualTo(position);
        assertThat(position).hasToString("JournalPosition[0:1024,2:77]");
    }

    @Test
    void namingAPartitionAtOffsetZeroIsTheSameAsNotNamingIt() {
        assertThat(JournalPosition.beginning().with(0, 0)).isEqualTo(JournalPosition.beginning());
        assertThat(JournalPosition.parse("0:0,1:5"))
                .isEqualTo(JournalPosition.beginning().with(1, 5));
        assertThat(JournalPosition.beginning().with(1, 5).with(1, 0)).isEqualTo(JournalPosition.beginning());
    }

    @Test
    void afterARecordIsItsNextOffsetInItsPartition() {
        JournalRecord record = new JournalRecord(new JournalOffset(1, 40), 60, "acct", new byte[0]);

        JournalPosition after = JournalPosition.beginning().with(0, 5).after(record);

        assertThat(after.next(1)).isEqualTo(60);
        assertThat(after.next(0)).isEqualTo(5);
        assertThat(after.isPast(record.offset())).isTrue();
        assertThat(after.isPast(new JournalOffset(1, 60))).isFalse();
        assertThat(JournalPosition.startingAt(record.offset()).isPast(record.offset()))
                .isFalse();
    }

    @Test
    void positionsAreOrderedOnlyWhenEveryPartitionAgrees() {
        JournalPosition a = JournalPosition.parse("0:10,1:10");
        JournalPosition b = JournalPosition.parse("0:20,1:10");
        JournalPosition c = JournalPosition.parse("0:5,1:30");

        assertThat(b.isAtOrAfter(a)).isTrue();
        assertThat(a.isAtOrAfter(b)).isFalse();
        assertThat(c.isAtOrAfter(a)).isFalse();
        assertThat(a.isAtOrAfter(c)).isFalse();
        assertThat(a.isAtOrAfter(a)).isTrue();
        assertThat(a.isAtOrAfter(JournalPosition.beginning())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0",
                "0:",
                ":5",
                "a:1",
                "0:-1",
                "-1:0",
                "0:1,",
                ",0:1",
                "0:1;1:2",
                " 0:1",
                "0:+1",
                "2147483648:0",
                "0:9223372036854775808",
                "0:1,0:2"
            })
    void malformedTextIsRefusedNamingTheText(String text) {
        assertThatThrownBy(() -> JournalPosition.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void negativeOffsetsAndPartitionsAreRefused() {
        assertThatThrownBy(() -> JournalPosition.beginning().with(0, -1)).hasMessageContaining("got -1");
        assertThatThrownBy(() -> JournalPosition.beginning().with(-1, 0)).hasMessageContaining("got -1");
        assertThatThrownBy(() -> new JournalOffset(0, -3)).hasMessageContaining("got -3");
    }

    @Test
    void offsetsAreOrderedByPartitionThenOffset() {
        assertThat(new JournalOffset(0, 100)).isLessThan(new JournalOffset(1, 0));
        assertThat(new JournalOffset(1, 5)).isLessThan(new JournalOffset(1, 6));
        assertThat(new JournalOffset(1, 5)).hasToString("1@5");
    }

    @Test
    void aRecordsNextOffsetMustBeAfterItsOwn() {
        assertThatThrownBy(() -> new JournalRecord(new JournalOffset(0, 10), 10, "k", new byte[0]))
                .hasMessageContaining("nextOffset 10");
    }
}
