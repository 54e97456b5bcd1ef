package dev.cairn.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * An s3proxy running in this process on 127.0.0.1, on a free port, with a backend in a temporary folder,
 * for tests of {@link S3ObjectStore}. {@link #stop()} stops it and removes the folder.
 */
final class S3ProxyServer {
    static final String ACCESS_KEY = "test";
    static final String SECRET_KEY = "test-secret";

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final Path basedir;
    private final S3Endpoint endpoint;

    private S3ProxyServer(S3Proxy proxy, BlobStore blobStore, Path basedir) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.basedir = basedir;
        this.endpoint = new S3Endpoint(
                URI.create("http://127.0.0.1:" + proxy.getPort()), "us-east-1", true, ACCESS_KEY, SECRET_KEY);
    }

    /** Starts s3proxy with {@code provider}, {@code filesystem} or {@code transient-nio2}. */
    static S3ProxyServer start(String provider) throws Exception {
        Path basedir = Files.createTempDirectory("cairn-s3proxy");
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", basedir.toString());
        BlobStore blobStore = BlobStores.create(provider, properties);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!proxy.getState().equals("STARTED")) {
            if (System.nanoTime() > deadline) {
                proxy.stop();
                throw new IllegalStateException("s3proxy did not start within 30 s: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        return new S3ProxyServer(proxy, blobStore, basedir);
    }

    S3Endpoint endpoint() {
        return endpoint;
    }

    /**
     * Removes every bucket and object, through the backend rather than S3 (some kit cases leave keys that
     * the filesystem backend cannot delete through its API).
     */
    void clear() {
        for (var bucket : blobStore.list().buckets()) {
            try {
                blobStore.deleteContainer(bucket.name());
            } catch (RuntimeException e) {
                // the filesystem backend fails on some keys; its folders are removed below
            }
        }
        try (Stream<Path> buckets = Files.list(basedir)) {
            for (Path bucket : buckets.toList()) {
                deleteRecursively(bucket);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops s3proxy and removes its folder. */
    void stop() throws Exception {
        try {
            proxy.stop();
        } finally {
            deleteRecursively(basedir);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
