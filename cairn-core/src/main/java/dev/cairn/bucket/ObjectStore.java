package dev.cairn.bucket;

import java.util.List;
import java.util.Optional;

/**
 * A store of buckets, each a flat namespace of objects addressed by key, as S3 models it. Bucket names
 * are global to the store, and each bucket has an owner account and a region.
 *
 * <p>Contract, checked for every implementation by {@code ObjectStoreCompatibilityKit}:
 *
 * <ul>
 *   <li>{@link #put} replaces the object atomically and returns once it is durable: a reader sees the
 *       old object or the new one, never a mix, and a crash after {@code put} returned keeps the new one.
 *   <li>{@link #list} returns keys in ascending UTF-8 byte order, as S3 does.
 *   <li>Every failure a caller can act on is an {@link ObjectStoreException} with an {@link
 *       ObjectStoreError} code named after S3's error code.
 * </ul>
 */
public interface ObjectStore extends AutoCloseable {

    /**
     * Creates a bucket.
     *
     * @throws ObjectStoreException {@code INVALID_BUCKET_NAME} when the name breaks S3's naming rules,
     *     {@code BUCKET_ALREADY_OWNED_BY_YOU} when the owner already has it, {@code BUCKET_ALREADY_EXISTS}
     *     when another account has it
     */
    Bucket createBucket(String name, String ownerAccountId, String region);

    /** Returns the bucket, if it exists. */
    Optional<Bucket> bucket(String name);

    /** Returns every bucket, ordered by name. */
    List<Bucket> buckets();

    /**
     * Deletes an empty bucket.
     *
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, or {@code BUCKET_NOT_EMPTY}
     */
    void deleteBucket(String name);

    /**
     * Stores an object, replacing any object under the same key, and returns its description.
     *
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}, or {@code INTERNAL_ERROR} when it cannot be
     *     made durable (nothing is replaced then)
     */
    ObjectInfo put(String bucket, String key, byte[] content, ObjectAttributes attributes);

    /**
     * Returns an object with its content.
     *
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET} or {@code NO_SUCH_KEY}
     */
    StoredObject get(String bucket, String key);

    /**
     * Returns an object's description without its content.
     *
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET} or {@code NO_SUCH_KEY}
     */
    ObjectInfo head(String bucket, String key);

    /**
     * Deletes an object; deleting a key that does not exist succeeds, as in S3.
     *
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}
     */
    void delete(String bucket, String key);

    /**
     * Lists a bucket's keys in order, one page at a time. A listed object's attributes may be {@link
     * ObjectAttributes#NONE} where the store's listings do not carry them (S3's do not); {@link #head} gives
     * them.
     *
     * @throws ObjectStoreException {@code NO_SUCH_BUCKET}
     */
    ObjectListing list(String bucket, ListRequest request);

    /** Releases files and connections. Idempotent. */
    @Override
    void close();
}
