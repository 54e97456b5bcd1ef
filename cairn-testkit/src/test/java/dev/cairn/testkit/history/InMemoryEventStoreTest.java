package dev.cairn.testkit.history;

import dev.cairn.history.EventStore;

class InMemoryEventStoreTest extends EventStoreCompatibilityKit {

    private InMemoryEventStore current;

    @Override
    protected EventStore open() {
        current = new InMemoryEventStore();
        return current;
    }

    @Override
    protected EventStore reopen() {
        current.close();
        current = current.restart();
        return current;
    }
}
