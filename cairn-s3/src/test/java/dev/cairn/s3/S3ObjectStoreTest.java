package dev.cairn.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.bucket.ObjectStore;
import dev.cairn.bucket.ObjectStoreError;
import dev.cairn.bucket.ObjectStoreException;
import dev.cairn.testkit.bucket.ObjectStoreCompatibilityKit;
import dev.cairn.time.Clock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link S3ObjectStore} against the contract of every object store, on an s3proxy started in this
 * process on 127.0.0.1 with its filesystem backend in a temporary folder.
 */
class S3ObjectStoreTest extends ObjectStoreCompatibilityKit {
    private static S3ProxyServer server;

    @BeforeAll
    static void startS3Proxy() throws Exception {
        server = S3ProxyServer.start("filesystem");
    }

    @AfterAll
    static void stopS3Proxy() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void wrongCredentialsAreAccessDenied() {
        S3Endpoint wrong =
                new S3Endpoint(server.endpoint().url(), "us-east-1", true, S3ProxyServer.ACCESS_KEY, "not-the-secret");
        try (S3ObjectStore store = S3ObjectStore.open(wrong, ACCOUNT)) {
            ObjectStoreException e = assertError(store::buckets, ObjectStoreError.ACCESS_DENIED);
            assertThat(e.getMessage()).doesNotContain("not-the-secret");
        }
    }

    @Test
    void anUnreachableEndpointIsInternalErrorAndItsSecretIsNotTold() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        S3Endpoint closed = new S3Endpoint(
                URI.create("http://127.0.0.1:" + port), "us-east-1", true, "AKIDEXAMPLE", "secret-never-told");
        try (S3ObjectStore store = S3ObjectStore.open(closed, ACCOUNT)) {
            for (ObjectStoreException e : List.of(
                    assertError(store::buckets, ObjectStoreError.INTERNAL_ERROR),
                    assertError(
                            () -> store.put("trail-logs", "k", new byte[1], ObjectAttributes.NONE),
                            ObjectStoreError.INTERNAL_ERROR),
                    assertError(() -> store.get("trail-logs", "k"), ObjectStoreError.INTERNAL_ERROR))) {
                assertThat(e.getMessage()).doesNotContain("secret-never-told");
            }
            assertThat(store.toString()).doesNotContain("secret-never-told");
        }
    }

    /** Opens a store on the shared s3proxy, emptied of what earlier tests left. */
    @Override
    protected ObjectStore open(Clock clock) {
        server.clear();
        return S3ObjectStore.open(server.endpoint(), ACCOUNT);
    }

    /**
     * Returns the behaviours the store has on s3proxy's filesystem backend. The store itself cannot have
     * {@code BUCKET_OWNERS} (an endpoint knows its own owners, not Cairn's accounts: see {@link
     * S3ObjectStore}) nor {@code INJECTED_CLOCK} (times are the endpoint's). The backend keeps each object as
     * a file at its key, so a key cannot also be a folder of keys, dot and empty segments are not kept, and
     * segments are limited to file names; it lists with {@code /} as the only delimiter, in UTF-16 order
     * rather than UTF-8, and keeps no region; and a get reads an object's attributes and then its bytes, by
     * path, so a get during a replacement can mix the two. (Its in-memory backend, {@code transient-nio2},
     * keeps keys as paths as well, so it would check no more.)
     */
    @Override
    protected boolean supports(Behavior behavior) {
        return switch (behavior) {
            case BUCKET_OWNERS, INJECTED_CLOCK, BUCKET_REGIONS -> false;
            case KEYS_UNDER_KEYS, DOT_AND_EMPTY_SEGMENTS, LONG_SEGMENTS, ANY_DELIMITER -> false;
            case UTF8_ORDER_ABOVE_U_FFFF, ATOMIC_OVERWRITE -> false;
        };
    }
}
