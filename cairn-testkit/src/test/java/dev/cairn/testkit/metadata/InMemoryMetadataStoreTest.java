package dev.cairn.testkit.metadata;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.metadata.MetadataBatch;
import dev.cairn.metadata.MetadataConflictException;
import dev.cairn.metadata.MetadataStore;
import dev.cairn.metadata.MetadataStoreException;
import org.junit.jupiter.api.Test;

class InMemoryMetadataStoreTest extends MetadataStoreCompatibilityKit {

    private InMemoryMetadataStore current = new InMemoryMetadataStore();

    @Override
    protected MetadataStore open() {
        current = new InMemoryMetadataStore();
        return current;
    }

    @Override
    protected MetadataStore reopen() {
        current.close();
        return current;
    }

    @Test
    void injectedFailuresChangeNothingAndThenStop() {
        InMemoryMetadataStore store = new InMemoryMetadataStore();
        store.failNextApplies(1);
        MetadataBatch batch = MetadataBatch.builder()
                .put("users", "alice", "a".getBytes(UTF_8))
                .build();

        assertThatThrownBy(() -> store.apply(batch)).isInstanceOf(MetadataStoreException.class);
        assertThat(store.get("users", "alice")).isEmpty();
        assertThat(store.appliedBatches()).isZero();

        store.apply(batch);
        assertThat(store.get("users", "alice")).isPresent();
        assertThat(store.appliedBatches()).isOne();
    }

    @Test
    void aConflictWinsOverAnInjectedFailure() {
        InMemoryMetadataStore store = new InMemoryMetadataStore();
        store.failNextApplies(1);

        assertThatThrownBy(() -> store.apply(
                        MetadataBatch.builder().expectPresent("users", "nobody").build()))
                .isInstanceOf(MetadataConflictException.class);
        assertThatThrownBy(() -> store.apply(MetadataBatch.builder().build()))
                .isInstanceOf(MetadataStoreException.class);
    }
}
