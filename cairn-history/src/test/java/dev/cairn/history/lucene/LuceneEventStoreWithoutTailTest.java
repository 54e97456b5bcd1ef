package dev.cairn.history.lucene;

import dev.cairn.history.EventStore;
import dev.cairn.testkit.history.EventStoreCompatibilityKit;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The compatibility kit against a Lucene store whose lookups always refresh: no unrefreshed tail. */
class LuceneEventStoreWithoutTailTest extends EventStoreCompatibilityKit {

    @TempDir
    Path directory;

    private EventStore current;

    @Override
    protected EventStore open() {
        current = LuceneEventStore.open(
                directory.resolve("history"), LuceneEventStoreConfig.defaults().withLookupTailEvents(0));
        return current;
    }

    @Override
    protected EventStore reopen() {
        current.close();
        return open();
    }
}
