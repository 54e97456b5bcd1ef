package dev.cairn.server.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.journal.JournalException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskReserveTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path data;

    private final AtomicLong free = new AtomicLong(1L << 30);

    private DiskReserve open() {
        return DiskReserve.open(data, 8192, directory -> free.get());
    }

    @Test
    void aReserveIsWrittenAtOpenAndFoundAgainByTheNextOpen() throws Exception {
        open();
        Path file = data.resolve(DiskReserve.FILE_NAME);
        long modified = Files.getLastModifiedTime(file).toMillis();

        DiskReserve again = open();

        assertThat(again.held()).isTrue();
        assertThat(Files.size(file)).isEqualTo(8192);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
    }

    @Test
    void aReserveWithoutRoomAtOpenIsNotReleasedAndIsWrittenLaterInTheBackground() throws Exception {
        free.set(0);
        DiskReserve reserve = open();
        assertThat(reserve.held()).isFalse();
        assertThat(reserve.released())
                .as("nothing waits for a reserve never written")
                .isFalse();
        assertThat(reserve.release(NOW)).as("nothing to release").isFalse();

        free.set(1L << 30);
        reserve.admit(1); // what every recorded call does: a reserve not in place is written in the background

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!reserve.held() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(reserve.held()).isTrue();
        assertThat(data.resolve(DiskReserve.FILE_NAME)).hasSize(8192);
    }

    @Test
    void aReleasedReserveIsWrittenAgainOnceThereIsRoomForItFourTimesOver() {
        DiskReserve reserve = open();
        assertThat(reserve.release(NOW)).isTrue();
        assertThat(reserve.releasedAt()).isEqualTo(NOW);
        assertThat(reserve.release(NOW)).as("released once").isFalse();

        free.set(4 * 8192 - 1);
        assertThat(reserve.restoreReleased(1_000)).isFalse();
        free.set(4 * 8192);
        assertThat(reserve.restoreReleased(2_000))
                .as("no write was tried without room, so one is due at once")
                .isTrue();

        assertThat(reserve.held()).isTrue();
        assertThat(reserve.released()).isFalse();
        assertThat(data.resolve(DiskReserve.FILE_NAME)).hasSize(8192);
        assertThat(data.resolve(DiskReserve.FILE_NAME + ".tmp")).doesNotExist();
    }

    @Test
    void aWriteOfTheReserveThatFailsIsNotTriedAgainWithinASecond() throws Exception {
        DiskReserve reserve = open();
        reserve.release(NOW);
        Path blocker = Files.createDirectory(data.resolve(DiskReserve.FILE_NAME + ".tmp"));
        Path inside = Files.createFile(blocker.resolve("file")); // a directory in the way, not empty

        assertThat(reserve.restoreReleased(1_000)).as("the write fails").isFalse();
        Files.delete(inside);
        Files.delete(blocker);
        assertThat(reserve.restoreReleased(2_000))
                .as("within a second of the failed write")
                .isFalse();
        assertThat(reserve.restoreReleased(1_000_001_000)).isTrue();
        assertThat(reserve.held()).isTrue();
    }

    @Test
    void aCorrectionIsAppendedAgainOnceTheReserveIsReleasedAndOtherEventsWaitForIt() {
        DiskReserve reserve = open();
        free.set(0);
        AtomicInteger attempts = new AtomicInteger();

        reserve.appendCorrection(NOW, () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new JournalException("No space left on device");
            }
        });

        assertThat(attempts).hasValue(2);
        assertThat(reserve.released()).isTrue();
        assertThatThrownBy(() -> reserve.admit(2_000_000_000L))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("disk reserve");
    }

    @Test
    void aCorrectionThatFailsEvenInTheReleasedSpaceRethrowsTheFirstFailure() {
        DiskReserve reserve = open();
        JournalException first = new JournalException("first");

        assertThatThrownBy(() -> reserve.appendCorrection(NOW, () -> {
                    throw reserve.released() ? new JournalException("second") : first;
                }))
                .isSameAs(first)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThatThrownBy(() -> reserve.appendCorrection(NOW, () -> {
                    throw first;
                }))
                .as("released once: no second release, no second try")
                .isSameAs(first);
    }

    @Test
    void noReserveHoldsNothingAndNeverMakesCallsWait() {
        DiskReserve none = DiskReserve.none();

        assertThat(none.release(NOW)).isFalse();
        assertThat(none.released()).isFalse();
        assertThat(none.restoreReleased(1)).isTrue();
    }
}
