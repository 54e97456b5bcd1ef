package dev.cairn.testkit.bucket;

import static java.util.Objects.requireNonNull;

import dev.cairn.bucket.Bucket;
import dev.cairn.bucket.BucketNames;
import dev.cairn.bucket.ListRequest;
import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.bucket.ObjectInfo;
import dev.cairn.bucket.ObjectKeys;
import dev.cairn.bucket.ObjectListing;
import dev.cairn.bucket.ObjectStore;
import dev.cairn.bucket.ObjectStoreError;
import dev.cairn.bucket.ObjectStoreException;
import dev.cairn.bucket.StoredObject;
import dev.cairn.time.Clock;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ObjectStore} held in memory, for unit tests of the modules that deliver to buckets or read
 * from them. It passes the {@link ObjectStoreCompatibilityKit}, except that nothing survives the process:
 * {@link #restart()} returns a new instance on the same buckets, as a restart of the process would.
 *
 * <p>{@link #failWrites(boolean)} makes puts fail the way a full disk or an unreachable endpoint does, so
 * that tests can check how a caller retries and reports a failed delivery. Times come from the injected
 * clock, truncated to milliseconds as S3's listings give them.
 */
public final class InMemoryObjectStore implements ObjectStore {

    /** The state that survives a restart. */
    private static final class Storage {
        final ReentrantLock lock = new ReentrantLock();
        final Map<String, BucketState> buckets = new TreeMap<>();
        boolean failing;
    }

    private record BucketState(Bucket bucket, NavigableMap<String, Entry> objects) {}

    /** A stored object; its content is never handed out, only copies. */
    private record Entry(ObjectInfo info, byte[] content) {}

    private final Storage storage;
    private final Clock clock;
    private boolean closed;

    /** Returns an empty store that takes times from {@code clock}. */
    public InMemoryObjectStore(Clock clock) {
        this(new Storage(), clock);
    }

    private InMemoryObjectStore(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Returns a new instance on the same buckets and objects, as after a restart. */
    public InMemoryObjectStore restart() {
        return new InMemoryObjectStore(storage, clock);
    }

    /**
     * Makes every put and bucket creation throw {@code INTERNAL_ERROR} and change nothing while {@code
     * failing} is true, as a store whose disk is full would.
     */
    public void failWrites(boolean failing) {
        storage.lock.lock();
        try {
            storage.failing = failing;
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public Bucket createBucket(String name, String ownerAccountId, String region) {
        BucketNames.check(name);
        requireNonNull(ownerAccountId, "ownerAccountId is null");
        requireNonNull(region, "region is null");
        storage.lock.lock();
        try {
            checkOpen();
            BucketState existing = storage.buckets.get(name);
            if (existing != null) {
                if (existing.bucket().ownerAccountId().equals(ownerAccountId)) {
                    throw new ObjectStoreException(
                            ObjectStoreError.BUCKET_ALREADY_OWNED_BY_YOU,
                            "bucket " + name + " already exists and is owned by " + ownerAccountId);
                }
                throw new ObjectStoreException(
                        ObjectStoreError.BUCKET_ALREADY_EXISTS,
                        "bucket " + name + " already exists and is owned by another account");
            }
            checkWritable("create bucket " + name);
            Bucket bucket = new Bucket(name, ownerAccountId, region, now());
            storage.buckets.put(name, new BucketState(bucket, new TreeMap<>(ObjectKeys.ORDER)));
            return bucket;
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public Optional<Bucket> bucket(String name) {
        requireNonNull(name, "name is null");
        storage.lock.lock();
        try {
            checkOpen();
            return Optional.ofNullable(storage.buckets.get(name)).map(BucketState::bucket);
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public List<Bucket> buckets() {
        storage.lock.lock();
        try {
            checkOpen();
            return storage.buckets.values().stream().map(BucketState::bucket).toList();
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public void deleteBucket(String name) {
        storage.lock.lock();
        try {
            checkOpen();
            BucketState state = state(name);
            if (!state.objects().isEmpty()) {
                throw new ObjectStoreException(
                        ObjectStoreError.BUCKET_NOT_EMPTY,
                        "bucket " + name + " holds " + state.objects().size() + " objects; delete them first");
            }
            storage.buckets.remove(name);
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public ObjectInfo put(String bucket, String key, byte[] content, ObjectAttributes attributes) {
        ObjectKeys.check(key);
        requireNonNull(content, "content is null");
        requireNonNull(attributes, "attributes is null");
        byte[] copy = content.clone();
        storage.lock.lock();
        try {
            checkOpen();
            BucketState state = state(bucket);
            checkWritable("put " + key + " into bucket " + bucket);
            ObjectInfo info = new ObjectInfo(key, copy.length, now(), etag(copy), attributes);
            state.objects().put(key, new Entry(info, copy));
            return info;
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public StoredObject get(String bucket, String key) {
        storage.lock.lock();
        try {
            checkOpen();
            Entry entry = entry(bucket, key);
            return new StoredObject(entry.info(), entry.content().clone());
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public ObjectInfo head(String bucket, String key) {
        storage.lock.lock();
        try {
            checkOpen();
            return entry(bucket, key).info();
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public void delete(String bucket, String key) {
        ObjectKeys.check(key);
        storage.lock.lock();
        try {
            checkOpen();
            state(bucket).objects().remove(key);
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public ObjectListing list(String bucket, ListRequest request) {
        requireNonNull(request, "request is null");
        storage.lock.lock();
        try {
            checkOpen();
            return list(state(bucket).objects(), request);
        } finally {
            storage.lock.unlock();
        }
    }

    /** Closes this instance; the buckets stay for {@link #restart()}. */
    @Override
    public void close() {
        storage.lock.lock();
        try {
            closed = true;
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "InMemoryObjectStore";
    }

    /**
     * The reference listing: the keys after {@code startAfter} that start with the prefix, each rolled up
     * into its common prefix when the delimiter follows the prefix in it; a common prefix is listed once,
     * and only when it sorts after {@code startAfter}.
     */
    private static ObjectListing list(NavigableMap<String, Entry> objects, ListRequest request) {
        String prefix = emptyToNull(ObjectKeys.checkWellFormed("prefix", request.prefix()));
        String delimiter = emptyToNull(ObjectKeys.checkWellFormed("delimiter", request.delimiter()));
        String startAfter = emptyToNull(ObjectKeys.checkWellFormed("startAfter", request.startAfter()));
        String from = prefix == null ? "" : prefix;
        if (startAfter != null && ObjectKeys.compare(startAfter, from) >= 0) {
            from = startAfter;
        }
        List<ObjectInfo> keys = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        boolean truncated = false;
        for (Entry entry : objects.tailMap(from, true).values()) {
            String key = entry.info().key();
            if (prefix != null && !key.startsWith(prefix)) {
                break;
            }
            String rolledUp = null;
            if (delimiter != null) {
                int at = key.indexOf(delimiter, prefix == null ? 0 : prefix.length());
                if (at >= 0) {
                    rolledUp = key.substring(0, at + delimiter.length());
                }
            }
            String listed = rolledUp == null ? key : rolledUp;
            if ((startAfter != null && ObjectKeys.compare(listed, startAfter) <= 0) || listed.equals(last)) {
                continue;
            }
            if (keys.size() + prefixes.size() == request.maxKeys()) {
                truncated = true;
                break;
            }
            if (rolledUp == null) {
                keys.add(entry.info());
            } else {
                prefixes.add(rolledUp);
            }
            last = listed;
        }
        return new ObjectListing(keys, prefixes, truncated, truncated ? last : null);
    }

    private static @Nullable String emptyToNull(@Nullable String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private BucketState state(String bucket) {
        requireNonNull(bucket, "bucket is null");
        BucketState state = storage.buckets.get(bucket);
        if (state == null) {
            throw new ObjectStoreException(ObjectStoreError.NO_SUCH_BUCKET, "bucket " + bucket + " does not exist");
        }
        return state;
    }

    private Entry entry(String bucket, String key) {
        ObjectKeys.check(key);
        Entry entry = state(bucket).objects().get(key);
        if (entry == null) {
            throw new ObjectStoreException(
                    ObjectStoreError.NO_SUCH_KEY, "bucket " + bucket + " has no object with key " + key);
        }
        return entry;
    }

    private void checkWritable(String what) {
        if (storage.failing) {
            throw new ObjectStoreException(
                    ObjectStoreError.INTERNAL_ERROR,
                    "could not " + what + ": injected failure, InMemoryObjectStore.failWrites(true) was called");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private Instant now() {
        return clock.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Returns the quoted lowercase hex MD5 of {@code content}, as S3 gives for a single-part object. */
    static String etag(byte[] content) {
        try {
            return '"'
                    + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content))
                    + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
