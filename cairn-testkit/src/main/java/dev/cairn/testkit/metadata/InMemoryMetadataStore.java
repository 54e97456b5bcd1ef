package dev.cairn.testkit.metadata;

import static java.util.Objects.requireNonNull;

import dev.cairn.metadata.MetadataBatch;
import dev.cairn.metadata.MetadataConflictException;
import dev.cairn.metadata.MetadataEntry;
import dev.cairn.metadata.MetadataStore;
import dev.cairn.metadata.MetadataStoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link MetadataStore} held in memory, for unit tests of the modules that use one. It passes the
 * {@link MetadataStoreCompatibilityKit}, except that nothing survives the process: {@link #close()} keeps
 * the state, so a test can "restart" a component on the same instance.
 *
 * <p>{@link #failNextApplies(int)} makes the store fail the way a full or broken disk does, so that tests
 * can check that a caller fails closed.
 */
public final class InMemoryMetadataStore implements MetadataStore {

    private final Map<String, NavigableMap<String, byte[]>> tables = new HashMap<>();
    private int appliesToFail;
    private int applied;

    @Override
    public synchronized Optional<byte[]> get(String table, String key) {
        requireNonNull(table, "table is null");
        requireNonNull(key, "key is null");
        NavigableMap<String, byte[]> entries = tables.get(table);
        byte[] value = entries == null ? null : entries.get(key);
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    @Override
    public synchronized List<MetadataEntry> list(String table, String keyPrefix) {
        requireNonNull(table, "table is null");
        requireNonNull(keyPrefix, "keyPrefix is null");
        NavigableMap<String, byte[]> entries = tables.get(table);
        if (entries == null) {
            return List.of();
        }
        List<MetadataEntry> found = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : entries.tailMap(keyPrefix, true).entrySet()) {
            if (!entry.getKey().startsWith(keyPrefix)) {
                break;
            }
            found.add(new MetadataEntry(entry.getKey(), entry.getValue().clone()));
        }
        return found;
    }

    @Override
    public synchronized void apply(MetadataBatch batch) {
        requireNonNull(batch, "batch is null");
        for (MetadataBatch.Step step : batch.steps()) {
            boolean holds = switch (step) {
                case MetadataBatch.ExpectAbsent absent -> !contains(absent.table(), absent.key());
                case MetadataBatch.ExpectPresent present -> contains(present.table(), present.key());
                case MetadataBatch.Put put -> true;
                case MetadataBatch.Delete delete -> true;
            };
            if (!holds) {
                throw new MetadataConflictException(step);
            }
        }
        if (appliesToFail > 0) {
            appliesToFail--;
            throw new MetadataStoreException("injected failure: InMemoryMetadataStore.failNextApplies was called");
        }
        for (MetadataBatch.Step step : batch.steps()) {
            switch (step) {
                case MetadataBatch.Put put ->
                    tables.computeIfAbsent(put.table(), t -> new TreeMap<>())
                            .put(put.key(), put.value().clone());
                case MetadataBatch.Delete delete -> {
                    NavigableMap<String, byte[]> entries = tables.get(delete.table());
                    if (entries != null) {
                        entries.remove(delete.key());
                    }
                }
                case MetadataBatch.ExpectAbsent absent -> {}
                case MetadataBatch.ExpectPresent present -> {}
            }
        }
        applied++;
    }

    @Override
    public synchronized void clear() {
        tables.clear();
    }

    /** Keeps the state, so that the same instance can stand for the store after a restart. */
    @Override
    public void close() {}

    /**
     * Makes the next {@code count} calls of {@link #apply} whose conditions hold throw
     * {@link MetadataStoreException} and change nothing, as a store whose disk fails would.
     */
    public synchronized void failNextApplies(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        appliesToFail = count;
    }

    /** Returns how many batches {@link #apply} applied, not counting conflicts and injected failures. */
    public synchronized int appliedBatches() {
        return applied;
    }

    private boolean contains(String table, String key) {
        NavigableMap<String, byte[]> entries = tables.get(table);
        return entries != null && entries.containsKey(key);
    }

    @Override
    public synchronized String toString() {
        return "InMemoryMetadataStore" + tables.keySet();
    }
}
