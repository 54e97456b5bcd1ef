package dev.cairn.history.lucene;

import dev.cairn.history.EventStore;
import dev.cairn.testkit.history.EventStoreCompatibilityKit;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The compatibility kit against a Lucene store opened with {@link #config()} in a temporary directory. */
abstract class LuceneEventStoreKitBase extends EventStoreCompatibilityKit {

    @TempDir
    Path directory;

    /** The store the kit last opened; tests may replace it with one opened otherwise. */
    LuceneEventStore current;

    /** The settings the store under test is opened with. */
    abstract LuceneEventStoreConfig config();

    /** When the store under test trains record dictionaries. */
    RecordCompressor.Training training() {
        return RecordCompressor.Training.defaults();
    }

    @Override
    protected EventStore open() {
        current = LuceneEventStore.open(
                directory.resolve("history"), config(), LuceneEventStore.MAX_TAIL_BYTES, training());
        return current;
    }

    @Override
    protected EventStore reopen() {
        current.close();
        return open();
    }
}
