package dev.cairn.testkit.metadata;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.metadata.MetadataBatch;
import dev.cairn.metadata.MetadataConflictException;
import dev.cairn.metadata.MetadataEntry;
import dev.cairn.metadata.MetadataStore;
import dev.cairn.metadata.MetadataStoreException;
import dev.cairn.metadata.TransactionalMetadataStore;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Outside a transaction the wrapper is a plain store (the kit); inside one, changes wait for commit. */
class TransactionalMetadataStoreTest extends MetadataStoreCompatibilityKit {
    private InMemoryMetadataStore backing = new InMemoryMetadataStore();

    @Override
    protected MetadataStore open() {
        backing = new InMemoryMetadataStore();
        return new TransactionalMetadataStore(backing);
    }

    @Override
    protected MetadataStore reopen() {
        backing.close();
        return new TransactionalMetadataStore(backing);
    }

    private static MetadataBatch put(String key, String value) {
        return MetadataBatch.builder()
                .expectAbsent("t", key)
                .put("t", key, value.getBytes(UTF_8))
                .build();
    }

    private static String text(MetadataStore store, String key) {
        return store.get("t", key).map(b -> new String(b, UTF_8)).orElse("<absent>");
    }

    @Test
    void stagedChangesAreSeenOnlyByTheirOwnThreadUntilCommit() throws Exception {
        InMemoryMetadataStore inner = new InMemoryMetadataStore();
        TransactionalMetadataStore store = new TransactionalMetadataStore(inner);
        try (TransactionalMetadataStore.Transaction tx = store.begin()) {
            store.apply(put("alice", "1"));
            assertThat(text(store, "alice")).isEqualTo("1");
            assertThat(store.list("t", "")).extracting(MetadataEntry::key).containsExactly("alice");
            assertThat(CompletableFuture.supplyAsync(() -> text(store, "alice")).get())
                    .isEqualTo("<absent>");
            assertThat(inner.get("t", "alice")).isEmpty();
            tx.commit();
        }
        assertThat(text(inner, "alice")).isEqualTo("1");
    }

    @Test
    void aDroppedTransactionChangesNothing() {
        InMemoryMetadataStore inner = new InMemoryMetadataStore();
        TransactionalMetadataStore store = new TransactionalMetadataStore(inner);
        inner.apply(put("bob", "old"));
        try (TransactionalMetadataStore.Transaction tx = store.begin()) {
            store.apply(MetadataBatch.builder()
                    .delete("t", "bob")
                    .put("t", "carol", "c".getBytes(UTF_8))
                    .build());
            assertThat(text(store, "bob")).isEqualTo("<absent>");
            assertThat(tx.hasChanges()).isTrue();
        }
        assertThat(text(store, "bob")).isEqualTo("old");
        assertThat(text(store, "carol")).isEqualTo("<absent>");
        assertThat(inner.appliedBatches()).isEqualTo(1);
    }

    @Test
    void conditionsSeeTheTransactionsOwnChanges() {
        TransactionalMetadataStore store = new TransactionalMetadataStore(new InMemoryMetadataStore());
        try (TransactionalMetadataStore.Transaction tx = store.begin()) {
            store.apply(put("dave", "1"));
            assertThatThrownBy(() -> store.apply(put("dave", "2"))).isInstanceOf(MetadataConflictException.class);
            store.apply(MetadataBatch.builder().delete("t", "dave").build());
            store.apply(put("dave", "3"));
            tx.commit();
        }
        assertThat(text(store, "dave")).isEqualTo("3");
    }

    @Test
    void everyStagedChangeCommitsAsOneBatch() {
        InMemoryMetadataStore inner = new InMemoryMetadataStore();
        TransactionalMetadataStore store = new TransactionalMetadataStore(inner);
        try (TransactionalMetadataStore.Transaction tx = store.begin()) {
            store.apply(put("a", "1"));
            store.apply(put("b", "2"));
            tx.commit();
        }
        assertThat(inner.appliedBatches()).isEqualTo(1);
        assertThat(store.list("t", "")).extracting(MetadataEntry::key).containsExactly("a", "b");
    }

    @Test
    void aFailedCommitAppliesNothingAndEndsTheTransaction() {
        InMemoryMetadataStore inner = new InMemoryMetadataStore();
        TransactionalMetadataStore store = new TransactionalMetadataStore(inner);
        inner.failNextApplies(1);
        TransactionalMetadataStore.Transaction tx = store.begin();
        store.apply(put("erin", "1"));
        assertThatThrownBy(tx::commit).isInstanceOf(MetadataStoreException.class);
        assertThat(text(store, "erin")).isEqualTo("<absent>");
        store.begin().close(); // a new transaction can start: the failed one has ended
    }

    @Test
    void oneThreadHasOneTransactionAtATime() {
        TransactionalMetadataStore store = new TransactionalMetadataStore(new InMemoryMetadataStore());
        try (TransactionalMetadataStore.Transaction tx = store.begin()) {
            assertThatThrownBy(store::begin).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(store::clear).isInstanceOf(IllegalStateException.class);
        }
    }
}
