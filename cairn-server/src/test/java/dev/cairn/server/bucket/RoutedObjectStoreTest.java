package dev.cairn.server.bucket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bucket.Bucket;
import dev.cairn.bucket.ListRequest;
import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.bucket.ObjectInfo;
import dev.cairn.bucket.ObjectListing;
import dev.cairn.bucket.ObjectStore;
import dev.cairn.bucket.ObjectStoreError;
import dev.cairn.bucket.ObjectStoreException;
import dev.cairn.bucket.StoredObject;
import dev.cairn.testkit.bucket.InMemoryObjectStore;
import dev.cairn.testkit.bucket.ObjectStoreCompatibilityKit;
import dev.cairn.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link RoutedObjectStore} against the contract of every object store, with the kit's bucket {@code
 * trail-logs} routed to a store of its own and every other bucket in the fallback, and checks the routing.
 */
class RoutedObjectStoreTest extends ObjectStoreCompatibilityKit {
    private static final String EXTERNAL = "external-logs";

    private InMemoryObjectStore fallback;
    private InMemoryObjectStore routedStore;

    @Override
    protected ObjectStore open(Clock clock) {
        fallback = new InMemoryObjectStore(clock);
        routedStore = new InMemoryObjectStore(clock);
        return routed();
    }

    @Override
    protected ObjectStore reopen(ObjectStore store, Clock clock) {
        store.close();
        fallback = fallback.restart();
        routedStore = routedStore.restart();
        return routed();
    }

    @Override
    protected void failWrites(boolean failing) {
        fallback.failWrites(failing);
        routedStore.failWrites(failing);
    }

    private RoutedObjectStore routed() {
        return RoutedObjectStore.of(
                fallback,
                List.of(
                        new RoutedObjectStore.Route(BUCKET, routedStore, ACCOUNT),
                        new RoutedObjectStore.Route(EXTERNAL, routedStore, ACCOUNT)));
    }

    @Test
    void aRoutedBucketAndItsObjectsLiveInTheRoutesStoreOnly() {
        store().createBucket(BUCKET, ACCOUNT, REGION);
        store().put(BUCKET, "AWSLogs/a.json.gz", "log".getBytes(UTF_8), ObjectAttributes.NONE);

        assertThat(routedStore.bucket(BUCKET)).isPresent();
        assertThat(routedStore.get(BUCKET, "AWSLogs/a.json.gz").content()).isEqualTo("log".getBytes(UTF_8));
        assertThat(fallback.buckets()).isEmpty();
    }

    @Test
    void anUnroutedBucketAndItsObjectsLiveInTheFallbackOnly() {
        store().createBucket("local-logs", ACCOUNT, REGION);
        store().put("local-logs", "k", "v".getBytes(UTF_8), ObjectAttributes.NONE);

        assertThat(fallback.get("local-logs", "k").content()).isEqualTo("v".getBytes(UTF_8));
        assertThat(routedStore.buckets()).isEmpty();
    }

    @Test
    void bucketsListsTheFallbacksAndTheRoutedOnesTogetherByName() {
        fallback.createBucket("zz-local", ACCOUNT, REGION);
        fallback.createBucket("aa-local", ACCOUNT, REGION);
        routedStore.createBucket(EXTERNAL, ACCOUNT, "eu-west-1");

        assertThat(store().buckets().stream().map(Bucket::name)).containsExactly("aa-local", EXTERNAL, "zz-local");
        assertThat(store().bucket(EXTERNAL).orElseThrow().region()).isEqualTo("eu-west-1");
    }

    @Test
    void aBucketOfTheRoutedStoreThatNoRouteNamesIsNeitherListedNorReached() {
        routedStore.createBucket("not-mapped", ACCOUNT, REGION);

        assertThat(store().buckets()).isEmpty();
        assertThat(store().bucket("not-mapped")).isEmpty();
    }

    @Test
    void aFallbackBucketWithARoutedNameIsHidden() {
        fallback.createBucket(EXTERNAL, ACCOUNT, REGION);
        fallback.put(EXTERNAL, "old", new byte[1], ObjectAttributes.NONE);

        assertThat(store().buckets()).isEmpty();
        assertThat(store().bucket(EXTERNAL)).isEmpty();
        assertError(() -> store().get(EXTERNAL, "old"), ObjectStoreError.NO_SUCH_BUCKET);
    }

    @Test
    void aRoutedBucketIsCreatedInTheRoutesStoreForTheRoutesAccount() {
        Bucket created = store().createBucket(EXTERNAL, ACCOUNT, "eu-west-1");

        assertThat(created.ownerAccountId()).isEqualTo(ACCOUNT);
        assertThat(routedStore.bucket(EXTERNAL).orElseThrow().region()).isEqualTo("eu-west-1");
    }

    @Test
    void anotherAccountCreatingARoutedBucketIsBucketAlreadyExistsAndCreatesNothing() {
        ObjectStoreException e = assertError(
                () -> store().createBucket(EXTERNAL, OTHER_ACCOUNT, REGION), ObjectStoreError.BUCKET_ALREADY_EXISTS);

        assertThat(e.getMessage()).contains(EXTERNAL, ACCOUNT, OTHER_ACCOUNT);
        assertThat(routedStore.buckets()).isEmpty();
        assertThat(fallback.buckets()).isEmpty();
    }

    @Test
    void deletingARoutedBucketDeletesItInTheRoutesStore() {
        routedStore.createBucket(EXTERNAL, ACCOUNT, REGION);

        store().deleteBucket(EXTERNAL);

        assertThat(routedStore.bucket(EXTERNAL)).isEmpty();
    }

    @Test
    void listingARoutedBucketListsTheRoutesStore() {
        routedStore.createBucket(EXTERNAL, ACCOUNT, REGION);
        routedStore.put(EXTERNAL, "a/1", new byte[1], ObjectAttributes.NONE);
        routedStore.put(EXTERNAL, "a/2", new byte[2], ObjectAttributes.NONE);

        assertThat(store().list(EXTERNAL, new ListRequest("a/", null, null, 1000))
                        .objects())
                .extracting(o -> o.key())
                .containsExactly("a/1", "a/2");
        assertThat(store().head(EXTERNAL, "a/2").size()).isEqualTo(2);
    }

    @Test
    void aRoutedStoreThatFailsFailsTheListingOfAllBuckets() {
        fallback.createBucket("local-logs", ACCOUNT, REGION);
        ObjectStore broken = new UnreachableStore(new AtomicInteger());
        try (RoutedObjectStore store =
                RoutedObjectStore.of(fallback, List.of(new RoutedObjectStore.Route(EXTERNAL, broken, ACCOUNT)))) {
            assertError(store::buckets, ObjectStoreError.INTERNAL_ERROR);
            assertThat(store.bucket("local-logs")).isPresent();
        }
    }

    @Test
    void closingClosesEachStoreOnceAndTheFallbackLast() {
        AtomicInteger order = new AtomicInteger();
        UnreachableStore first = new UnreachableStore(order);
        UnreachableStore last = new UnreachableStore(order);
        RoutedObjectStore store = RoutedObjectStore.of(
                last,
                List.of(
                        new RoutedObjectStore.Route("bucket-one", first, ACCOUNT),
                        new RoutedObjectStore.Route("bucket-two", first, ACCOUNT)));

        store.close();

        assertThat(first.closedAt).containsExactly(1);
        assertThat(last.closedAt).containsExactly(2);
    }

    @Test
    void aBucketRoutedTwiceIsRefused() {
        assertThatThrownBy(() -> RoutedObjectStore.of(
                        fallback,
                        List.of(
                                new RoutedObjectStore.Route(EXTERNAL, routedStore, ACCOUNT),
                                new RoutedObjectStore.Route(EXTERNAL, fallback, ACCOUNT))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(EXTERNAL);
    }

    @Test
    void aRouteForAnInvalidBucketNameIsRefusedNamingTheRule() {
        assertThatThrownBy(() -> new RoutedObjectStore.Route("Bad_Name", routedStore, ACCOUNT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Bad_Name")
                .hasMessageContaining("lowercase");
    }

    /**
     * A store whose every operation fails with {@code INTERNAL_ERROR}, as one on an unreachable endpoint does,
     * and that records when it was closed, counting from 1 across stores.
     */
    private static final class UnreachableStore implements ObjectStore {
        final List<Integer> closedAt = new ArrayList<>();
        private final AtomicInteger order;

        UnreachableStore(AtomicInteger order) {
            this.order = order;
        }

        private static ObjectStoreException unreachable() {
            return new ObjectStoreException(ObjectStoreError.INTERNAL_ERROR, "the endpoint cannot be reached");
        }

        @Override
        public Bucket createBucket(String name, String ownerAccountId, String region) {
            throw unreachable();
        }

        @Override
        public Optional<Bucket> bucket(String name) {
            throw unreachable();
        }

        @Override
        public List<Bucket> buckets() {
            throw unreachable();
        }

        @Override
        public void deleteBucket(String name) {
            throw unreachable();
        }

        @Override
        public ObjectInfo put(String bucket, String key, byte[] content, ObjectAttributes attributes) {
            throw unreachable();
        }

        @Override
        public StoredObject get(String bucket, String key) {
            throw unreachable();
        }

        @Override
        public ObjectInfo head(String bucket, String key) {
            throw unreachable();
        }

        @Override
        public void delete(String bucket, String key) {
            throw unreachable();
        }

        @Override
        public ObjectListing list(String bucket, ListRequest request) {
            throw unreachable();
        }

        @Override
        public void close() {
            closedAt.add(order.incrementAndGet());
        }
    }
}
