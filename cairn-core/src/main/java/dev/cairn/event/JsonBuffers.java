package dev.cairn.event;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;

/**
 * The pool of jackson buffers that Cairn's JSON factories share: bounded, and shared by every thread,
 * where jackson's default pool is per thread and so gives every virtual thread (Cairn runs one per call)
 * buffers of its own, made and dropped with each call (2.4 % of a LookupEvents call).
 */
public final class JsonBuffers {

    private static final RecyclerPool<BufferRecycler> POOL = JsonRecyclerPools.newBoundedPool(
            Math.max(16, 4 * Runtime.getRuntime().availableProcessors()));

    private JsonBuffers() {}

    /** Returns the shared pool, for {@code JsonFactoryBuilder.recyclerPool}. */
    public static RecyclerPool<BufferRecycler> pool() {
        return POOL;
    }
}
