package dev.cairn.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An external S3-compatible endpoint for black-box tests: s3proxy running in the test's JVM on 127.0.0.1, on
 * a free port, with its filesystem backend in a temporary folder, checking SigV4 signatures. It can be
 * stopped and started again on the same port and folder, as an endpoint that goes away for a while.
 *
 * <p>It accepts its own key ({@link #credentials()}) and any other key {@link #allow}ed, all on the same
 * buckets: the stock {@code aws} CLI signs every request of a run with one profile, so reading the endpoint
 * from {@code validate-logs}, whose CloudTrail calls go to Cairn, needs Cairn's admin key to be accepted here
 * too.
 */
final class S3ProxyServer implements AutoCloseable {
    private static final String ACCESS_KEY = "s3proxy-it";
    private static final String SECRET_KEY = "s3proxy-it-secret";

    private final Path basedir;
    private final int port;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private @Nullable S3Proxy proxy;

    private S3ProxyServer(Path basedir, int port) {
        this.basedir = basedir;
        this.port = port;
        secrets.put(ACCESS_KEY, SECRET_KEY);
    }

    /** Starts s3proxy in a new temporary folder on a free port of 127.0.0.1. */
    static S3ProxyServer start() throws Exception {
        S3ProxyServer server = new S3ProxyServer(Files.createTempDirectory("cairn-it-s3proxy"), freePort());
        server.startAgain();
        return server;
    }

    /** Returns {@code http://127.0.0.1:<port>}. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Returns the endpoint's own key. */
    AwsCredentials credentials() {
        return AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY);
    }

    /** Accepts requests signed with {@code credentials} as well, on the same buckets. */
    void allow(AwsCredentials credentials) {
        secrets.put(credentials.accessKeyId(), credentials.secretAccessKey());
    }

    /** Returns an S3 client on the endpoint with its own key, path-style, in us-east-1. */
    S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(credentials()))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    /** Stops s3proxy, keeping its folder; {@link #startAgain} serves the same buckets on the same port. */
    void stop() throws Exception {
        S3Proxy running = proxy;
        proxy = null;
        if (running != null) {
            running.stop();
        }
    }

    /** Starts s3proxy on the port and folder it had; it must be stopped. */
    void startAgain() throws Exception {
        if (proxy != null) {
            throw new IllegalStateException("s3proxy is already running on " + endpoint());
        }
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", basedir.toString());
        BlobStore blobStore = BlobStores.create("filesystem", properties);
        S3Proxy started = S3Proxy.builder()
                .blobStore(blobStore)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(endpoint())
                .build();
        started.setBlobStoreLocator((identity, container, blob) -> {
            String secret = identity == null ? null : secrets.get(identity);
            return secret == null ? null : new AccessGrant(secret, blobStore);
        });
        started.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!started.getState().equals("STARTED")) {
            if (System.nanoTime() > deadline) {
                started.stop();
                throw new IllegalStateException("s3proxy did not start within 30 s: " + started.getState());
            }
            Thread.sleep(10);
        }
        proxy = started;
    }

    /** Stops s3proxy and removes its folder. */
    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            try (Stream<Path> all = Files.walk(basedir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "s3proxy on " + endpoint() + " (folder " + basedir + ")";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }
}
