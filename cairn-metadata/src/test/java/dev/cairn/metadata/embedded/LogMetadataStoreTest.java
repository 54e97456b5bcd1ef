package dev.cairn.metadata.embedded;

import dev.cairn.metadata.MetadataStore;
import dev.cairn.testkit.metadata.MetadataStoreCompatibilityKit;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;

/** Checks {@link LogMetadataStore} against the contract of every metadata store. */
class LogMetadataStoreTest extends MetadataStoreCompatibilityKit {

    @TempDir
    Path directory;

    private @Nullable LogMetadataStore current;

    @Override
    protected MetadataStore open() {
        current = LogMetadataStore.open(directory);
        return current;
    }

    @Override
    protected MetadataStore reopen() {
        if (current != null) {
            current.close();
        }
        return open();
    }
}
