package dev.cairn.history.lucene;

import dev.cairn.history.EventStore;
import dev.cairn.testkit.history.EventStoreCompatibilityKit;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LuceneEventStoreTest extends EventStoreCompatibilityKit {

    @TempDir
    Path directory;

    private LuceneEventStore current;

    @Override
    protected EventStore open() {
        current = LuceneEventStore.open(directory.resolve("history"));
        return current;
    }

    @Override
    protected EventStore reopen() {
        current.close();
        return open();
    }
}
