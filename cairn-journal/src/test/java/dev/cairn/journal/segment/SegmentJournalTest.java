package dev.cairn.journal.segment;

import dev.cairn.journal.Journal;
import dev.cairn.testkit.journal.JournalCompatibilityKit;
import dev.cairn.time.Clock;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** Checks {@link SegmentJournal} against the contract of every journal, with its defaults and with tiny segments. */
class SegmentJournalTest {

    /** The kit on a journal opened with {@code config}, whose files fail on demand. */
    abstract static class Kit extends JournalCompatibilityKit {
        @TempDir
        Path directory;

        private final FaultyFileChannel.Faults faults = new FaultyFileChannel.Faults();
        private @Nullable SegmentJournal current;

        abstract SegmentJournalConfig config();

        @Override
        protected Journal open() {
            current = SegmentJournal.open(directory, config(), Clock.system(), faults.opener());
            return current;
        }

        @Override
        protected Journal reopen() {
            if (current != null) {
                current.close();
            }
            return open();
        }

        @Override
        protected void failWrites(boolean failing) {
            faults.failing.set(failing);
        }
    }

    @Nested
    class Defaults extends Kit {
        @Override
        SegmentJournalConfig config() {
            return SegmentJournalConfig.defaults();
        }
    }

    /** Segments of a few records each, so that every test crosses segment boundaries; one fsync at a time. */
    @Nested
    class TinySegmentsAndOneSyncThread extends Kit {
        @Override
        SegmentJournalConfig config() {
            return SegmentJournalConfig.defaults().withSegmentBytes(1024).withSyncThreads(1);
        }
    }
}
