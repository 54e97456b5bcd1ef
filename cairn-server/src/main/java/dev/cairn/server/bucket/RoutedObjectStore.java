package dev.cairn.server.bucket;

import static java.util.Objects.requireNonNull;

import dev.cairn.bucket.Bucket;
import dev.cairn.bucket.BucketNames;
import dev.cairn.bucket.ListRequest;
import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.bucket.ObjectInfo;
import dev.cairn.bucket.ObjectListing;
import dev.cairn.bucket.ObjectStore;
import dev.cairn.bucket.ObjectStoreError;
import dev.cairn.bucket.ObjectStoreException;
import dev.cairn.bucket.StoredObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An {@link ObjectStore} that keeps a few buckets, named one by one, in stores of their own, and every
 * other bucket in a fallback store: each operation goes to the store of the bucket it names. Cairn keeps the
 * buckets an operator mapped to an external S3-compatible endpoint there, and all others in the data folder.
 *
 * <p>Notes
 *
 * <p>A routed name belongs to its route. Every operation on it goes to the route's store, whether the bucket
 * exists there or not; a bucket of the same name in the fallback store is hidden (neither listed nor reached)
 * while the route exists.
 *
 * <p>Creating a routed bucket creates it in the route's store, for the account the route names: that store
 * reports the bucket as that account's, so creating it for another account would make a bucket its creator
 * cannot use. Another account gets {@code BUCKET_ALREADY_EXISTS}, S3's answer for a name someone else holds.
 * Deleting one deletes it in the route's store.
 *
 * <p>{@link #buckets()} asks the fallback once and each route's store for its bucket. A store that fails
 * fails the whole listing: a listing that silently left out the buckets of an unreachable endpoint would
 * tell a caller they are gone.
 *
 * <p>The routed store owns the stores it is given: {@link #close()} closes each once, the fallback last.
 */
public final class RoutedObjectStore implements ObjectStore {

    /**
     * Where one bucket lives.
     *
     * @param bucket the bucket's name
     * @param store the store that keeps it
     * @param ownerAccountId the account it belongs to in Cairn, the only one that may create it
     */
    public record Route(String bucket, ObjectStore store, String ownerAccountId) {
        public Route {
            requireNonNull(bucket, "bucket is null");
            requireNonNull(store, "store is null");
            requireNonNull(ownerAccountId, "ownerAccountId is null");
            try {
                BucketNames.check(bucket);
            } catch (ObjectStoreException e) {
                throw new IllegalArgumentException("cannot route a bucket: " + e.getMessage(), e);
            }
        }
    }

    private final ObjectStore fallback;
    private final Map<String, Route> routes;

    private RoutedObjectStore(ObjectStore fallback, Map<String, Route> routes) {
        this.fallback = fallback;
        this.routes = routes;
    }

    /**
     * Returns a store that sends the operations on each route's bucket to the route's store, and the others
     * to {@code fallback}.
     *
     * @throws IllegalArgumentException when two routes name the same bucket
     */
    public static RoutedObjectStore of(ObjectStore fallback, List<Route> routes) {
        requireNonNull(fallback, "fallback is null");
        requireNonNull(routes, "routes is null");
        Map<String, Route> byBucket = new LinkedHashMap<>();
        for (Route route : routes) {
            requireNonNull(route, "route is null");
            if (byBucket.putIfAbsent(route.bucket(), route) != null) {
                throw new IllegalArgumentException("bucket " + route.bucket() + " is routed twice; route it once");
            }
        }
        return new RoutedObjectStore(fallback, Collections.unmodifiableMap(byBucket));
    }

    /** Returns the routes, in the order they were given. */
    public List<Route> routes() {
        return List.copyOf(routes.values());
    }

    @Override
    public Bucket createBucket(String name, String ownerAccountId, String region) {
        requireNonNull(name, "name is null");
        requireNonNull(ownerAccountId, "ownerAccountId is null");
        Route route = routes.get(name);
        if (route == null) {
            return fallback.createBucket(name, ownerAccountId, region);
        }
        if (!route.ownerAccountId().equals(ownerAccountId)) {
            throw new ObjectStoreException(
                    ObjectStoreError.BUCKET_ALREADY_EXISTS,
                    "bucket " + name + " is kept on an external store for account " + route.ownerAccountId()
                            + ", so account " + ownerAccountId + " cannot create it");
        }
        return route.store().createBucket(name, ownerAccountId, region);
    }

    @Override
    public Optional<Bucket> bucket(String name) {
        return storeOf(name).bucket(name);
    }

    @Override
    public List<Bucket> buckets() {
        Map<String, Bucket> byName = new TreeMap<>();
        for (Bucket bucket : fallback.buckets()) {
            if (!routes.containsKey(bucket.name())) {
                byName.put(bucket.name(), bucket);
            }
        }
        for (Route route : routes.values()) {
            route.store().bucket(route.bucket()).ifPresent(b -> byName.put(b.name(), b));
        }
        return List.copyOf(byName.values());
    }

    @Override
    public void deleteBucket(String name) {
        storeOf(name).deleteBucket(name);
    }

    @Override
    public ObjectInfo put(String bucket, String key, byte[] content, ObjectAttributes attributes) {
        return storeOf(bucket).put(bucket, key, content, attributes);
    }

    @Override
    public StoredObject get(String bucket, String key) {
        return storeOf(bucket).get(bucket, key);
    }

    @Override
    public ObjectInfo head(String bucket, String key) {
        return storeOf(bucket).head(bucket, key);
    }

    @Override
    public void delete(String bucket, String key) {
        storeOf(bucket).delete(bucket, key);
    }

    @Override
    public ObjectListing list(String bucket, ListRequest request) {
        return storeOf(bucket).list(bucket, request);
    }

    /** Closes every route's store once, then the fallback, even when one of them fails to close. */
    @Override
    public void close() {
        Set<ObjectStore> stores = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ObjectStore> order = new ArrayList<>();
        for (Route route : routes.values()) {
            if (route.store() != fallback && stores.add(route.store())) {
                order.add(route.store());
            }
        }
        order.add(fallback);
        RuntimeException failure = null;
        for (ObjectStore store : order) {
            try {
                store.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        List<String> routed = new ArrayList<>();
        for (Route route : routes.values()) {
            routed.add(route.bucket() + " -> " + route.store());
        }
        return "RoutedObjectStore[" + String.join(", ", routed) + ", others -> " + fallback + "]";
    }

    private ObjectStore storeOf(String bucket) {
        requireNonNull(bucket, "bucket is null");
        Route route = routes.get(bucket);
        return route == null ? fallback : route.store();
    }
}
