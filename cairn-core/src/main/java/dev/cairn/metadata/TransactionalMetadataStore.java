package dev.cairn.metadata;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MetadataStore} whose changes can be held back until the caller says they may happen: inside a
 * {@link Transaction} opened on the current thread, {@link #apply} checks its conditions against the
 * committed state plus the transaction's own changes and keeps the changes aside; reads on that thread
 * see them, other threads do not; {@link Transaction#commit()} applies them all as one atomic batch.
 * Outside a transaction it passes everything to the store it wraps.
 *
 * <p>Notes: this is what lets a call be fail-closed. A mutating operation runs inside a transaction, its
 * audit event is made durable, and only then are its changes committed; if the event cannot be written,
 * the transaction is dropped and nothing the call did is visible. Conditions are checked when a change is
 * staged, not again at commit, so callers must keep other writers out between the two (the call pipeline
 * holds one mutation lock across a mutating call). A crash between the event and the commit leaves an
 * event for a change that did not happen, never a change without its event.
 */
public final class TransactionalMetadataStore implements MetadataStore {
    private final MetadataStore delegate;
    private final ThreadLocal<@Nullable Transaction> current = new ThreadLocal<>();

    public TransactionalMetadataStore(MetadataStore delegate) {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    /**
     * Opens a transaction on the current thread; close it with {@link Transaction#commit()} or
     * {@link Transaction#close()} (which drops it).
     *
     * @throws IllegalStateException when the thread already has one open
     */
    public Transaction begin() {
        if (current.get() != null) {
            throw new IllegalStateException("a metadata transaction is already open on " + Thread.currentThread());
        }
        Transaction tx = new Transaction();
        current.set(tx);
        return tx;
    }

    @Override
    public Optional<byte[]> get(String table, String key) {
        Transaction tx = current.get();
        if (tx != null) {
            Map<String, byte @Nullable []> staged = tx.tables.get(table);
            if (staged != null && staged.containsKey(key)) {
                byte[] value = staged.get(key);
                return value == null ? Optional.empty() : Optional.of(value.clone());
            }
        }
        return delegate.get(table, key);
    }

    @Override
    public List<MetadataEntry> list(String table, String keyPrefix) {
        List<MetadataEntry> committed = delegate.list(table, keyPrefix);
        Transaction tx = current.get();
        Map<String, byte @Nullable []> staged = tx == null ? null : tx.tables.get(table);
        if (staged == null) {
            return committed;
        }
        TreeMap<String, byte[]> merged = new TreeMap<>();
        for (MetadataEntry e : committed) {
            merged.put(e.key(), e.value());
        }
        staged.forEach((key, value) -> {
            if (key.startsWith(keyPrefix)) {
                if (value == null) {
                    merged.remove(key);
                } else {
                    merged.put(key, value.clone());
                }
            }
        });
        List<MetadataEntry> out = new ArrayList<>(merged.size());
        merged.forEach((k, v) -> out.add(new MetadataEntry(k, v)));
        return out;
    }

    @Override
    public void apply(MetadataBatch batch) {
        Transaction tx = current.get();
        if (tx == null) {
            delegate.apply(batch);
            return;
        }
        for (MetadataBatch.Step step : batch.steps()) {
            if (step instanceof MetadataBatch.ExpectAbsent c
                    && get(c.table(), c.key()).isPresent()) {
                throw new MetadataConflictException(step);
            }
            if (step instanceof MetadataBatch.ExpectPresent c
                    && get(c.table(), c.key()).isEmpty()) {
                throw new MetadataConflictException(step);
            }
        }
        for (MetadataBatch.Step step : batch.steps()) {
            if (step instanceof MetadataBatch.Put p) {
                tx.tables
                        .computeIfAbsent(p.table(), t -> new TreeMap<>())
                        .put(p.key(), p.value().clone());
                tx.changes.add(step);
            } else if (step instanceof MetadataBatch.Delete d) {
                tx.tables.computeIfAbsent(d.table(), t -> new TreeMap<>()).put(d.key(), null);
                tx.changes.add(step);
            }
        }
    }

    /** Clears the wrapped store; refused inside a transaction. */
    @Override
    public void clear() {
        if (current.get() != null) {
            throw new IllegalStateException("clear() cannot run inside a metadata transaction");
        }
        delegate.clear();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** The changes one thread has staged and not yet committed. */
    public final class Transaction implements AutoCloseable {
        private final Map<String, Map<String, byte @Nullable []>> tables = new TreeMap<>();
        private final List<MetadataBatch.Step> changes = new ArrayList<>();
        private boolean open = true;

        private Transaction() {}

        /** Returns true when the transaction staged at least one change. */
        public boolean hasChanges() {
            return !changes.isEmpty();
        }

        /**
         * Applies every staged change to the wrapped store as one atomic, durable batch, and ends the
         * transaction.
         *
         * @throws MetadataStoreException when the store cannot apply them; nothing is applied
         */
        public void commit() {
            end();
            if (changes.isEmpty()) {
                return;
            }
            MetadataBatch.Builder batch = MetadataBatch.builder();
            for (MetadataBatch.Step step : changes) {
                if (step instanceof MetadataBatch.Put p) {
                    batch.put(p.table(), p.key(), p.value());
                } else if (step instanceof MetadataBatch.Delete d) {
                    batch.delete(d.table(), d.key());
                }
            }
            delegate.apply(batch.build());
        }

        /** Drops the staged changes unless they were committed. */
        @Override
        public void close() {
            if (open) {
                end();
                changes.clear();
                tables.clear();
            }
        }

        private void end() {
            if (!open) {
                throw new IllegalStateException("the metadata transaction has already ended");
            }
            open = false;
            current.remove();
        }

        @Override
        public String toString() {
            return "Transaction[" + changes.size() + " changes in "
                    + Arrays.toString(tables.keySet().toArray()) + "]";
        }
    }
}
