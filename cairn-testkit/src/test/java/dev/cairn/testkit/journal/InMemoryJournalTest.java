package dev.cairn.testkit.journal;

import dev.cairn.journal.Journal;
import org.junit.jupiter.api.Nested;

/** Checks {@link InMemoryJournal} against the contract of every journal, with one partition and with several. */
class InMemoryJournalTest {

    @Nested
    class OnePartition extends JournalCompatibilityKit {
        private InMemoryJournal current = new InMemoryJournal();

        @Override
        protected Journal open() {
            current = new InMemoryJournal();
            return current;
        }

        @Override
        protected Journal reopen() {
            current.close();
            current = current.restart();
            return current;
        }

        @Override
        protected void failWrites(boolean failing) {
            current.failAppends(failing);
        }
    }

    @Nested
    class FourPartitions extends JournalCompatibilityKit {
        private InMemoryJournal current = new InMemoryJournal(4);

        @Override
        protected Journal open() {
            current = new InMemoryJournal(4);
            return current;
        }

        @Override
        protected Journal reopen() {
            current.close();
            current = current.restart();
            return current;
        }

        @Override
        protected void failWrites(boolean failing) {
            current.failAppends(failing);
        }
    }
}
