package dev.cairn.metadata;

import java.util.List;
import java.util.Optional;

/**
 * A durable, ordered key-value store for configuration and identities: accounts, users, keys, roles,
 * and later trails and APIs. Keys live in named tables; values are opaque bytes that the owning domain
 * encodes.
 *
 * <p>Contract, checked for every implementation by {@code MetadataStoreCompatibilityKit}:
 *
 * <ul>
 *   <li>{@link #apply} is atomic: either every condition holds and every change is applied and durable
 *       when it returns, or it throws and nothing changed.
 *   <li>Reads see every batch that {@link #apply} returned from, on any thread.
 *   <li>{@link #list} returns entries ordered by key (UTF-16 order of the key strings).
 *   <li>State survives a close and reopen, and a crash after {@link #apply} returned.
 * </ul>
 */
public interface MetadataStore extends AutoCloseable {

    /** Returns the value stored under {@code key} in {@code table}, if any. */
    Optional<byte[]> get(String table, String key);

    /** Returns the entries of {@code table} whose keys start with {@code keyPrefix}, ordered by key. */
    List<MetadataEntry> list(String table, String keyPrefix);

    /**
     * Checks the batch's conditions and applies its changes atomically and durably.
     *
     * @throws MetadataConflictException when a condition does not hold; nothing is changed
     * @throws MetadataStoreException when the change cannot be made durable; nothing is changed
     */
    void apply(MetadataBatch batch);

    /** Removes every entry of every table, durably. Used by the test-suite reset endpoint. */
    void clear();

    @Override
    void close();
}
