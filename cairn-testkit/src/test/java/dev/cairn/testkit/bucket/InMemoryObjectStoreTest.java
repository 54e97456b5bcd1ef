package dev.cairn.testkit.bucket;

import dev.cairn.bucket.ObjectStore;
import dev.cairn.time.Clock;

/** Checks {@link InMemoryObjectStore} against the contract of every object store. */
class InMemoryObjectStoreTest extends ObjectStoreCompatibilityKit {
    private InMemoryObjectStore current = new InMemoryObjectStore(Clock.system());

    @Override
    protected ObjectStore open(Clock clock) {
        current = new InMemoryObjectStore(clock);
        return current;
    }

    @Override
    protected ObjectStore reopen(ObjectStore store, Clock clock) {
        store.close();
        current = current.restart();
        return current;
    }

    @Override
    protected void failWrites(boolean failing) {
        current.failWrites(failing);
    }
}
