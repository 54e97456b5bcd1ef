package dev.cairn.server.bucket;

import static java.util.Objects.requireNonNull;

import dev.cairn.bucket.ObjectStore;
import dev.cairn.s3.S3Endpoint;
import dev.cairn.s3.S3ObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The object store Cairn serves: the data folder's store, with the buckets of a bucket configuration file
 * ({@link BucketConfigFile}) routed to their S3-compatible endpoints through the AWS SDK for Java v2 ({@link
 * S3ObjectStore}). Buckets that share an endpoint, credentials and account share one SDK client.
 */
public final class ExternalBuckets {
    private static final Logger log = LoggerFactory.getLogger(ExternalBuckets.class);

    private ExternalBuckets() {}

    /**
     * Reads and checks the bucket configuration file, taking the secrets named by {@code
     * secret_access_key_env} from the process's environment; no file maps no bucket. Call it before anything
     * is opened, so that a refused file leaves nothing behind.
     *
     * @param defaultAccountId the account of buckets whose section names none
     * @throws BucketConfigException when the file cannot be read or breaks a rule
     */
    public static List<ExternalBucket> read(@Nullable Path configFile, String defaultAccountId) {
        return read(configFile, defaultAccountId, System::getenv);
    }

    static List<ExternalBucket> read(
            @Nullable Path configFile, String defaultAccountId, Function<String, @Nullable String> environment) {
        requireNonNull(defaultAccountId, "defaultAccountId is null");
        if (configFile == null) {
            return List.of();
        }
        List<ExternalBucket> buckets = BucketConfigFile.read(configFile, defaultAccountId, environment);
        if (buckets.isEmpty()) {
            log.info("the bucket configuration {} maps no bucket: every bucket is in the data folder", configFile);
        }
        return buckets;
    }

    /**
     * Returns {@code folder} itself when no bucket is external, and otherwise a {@link RoutedObjectStore} that
     * keeps the external buckets on their endpoints and every other bucket in {@code folder}; the returned
     * store owns {@code folder}. No request is made to an endpoint here: an endpoint that cannot be reached
     * fails the operations on its buckets, not the start.
     */
    public static ObjectStore route(ObjectStore folder, List<ExternalBucket> buckets) {
        requireNonNull(folder, "folder is null");
        requireNonNull(buckets, "buckets is null");
        if (buckets.isEmpty()) {
            return folder;
        }
        Map<StoreKey, S3ObjectStore> stores = new LinkedHashMap<>();
        List<RoutedObjectStore.Route> routes = new ArrayList<>();
        List<String> mapped = new ArrayList<>();
        for (ExternalBucket bucket : buckets) {
            S3ObjectStore store = stores.computeIfAbsent(
                    new StoreKey(bucket.endpoint(), bucket.accountId()),
                    key -> S3ObjectStore.open(key.endpoint(), key.accountId()));
            routes.add(new RoutedObjectStore.Route(bucket.name(), store, bucket.accountId()));
            mapped.add(bucket.name() + " -> " + bucket.location());
        }
        RoutedObjectStore routed = RoutedObjectStore.of(folder, routes);
        log.info("buckets on external S3-compatible stores: {}", String.join(", ", mapped));
        warnAboutHiddenFolderBuckets(folder, buckets);
        return routed;
    }

    /** Warns about buckets of the data folder that a mapping hides, whose objects are out of reach. */
    private static void warnAboutHiddenFolderBuckets(ObjectStore folder, List<ExternalBucket> buckets) {
        for (ExternalBucket bucket : buckets) {
            if (folder.bucket(bucket.name()).isPresent()) {
                log.warn(
                        "bucket {} also exists in the data folder; while it is mapped to {}, its objects there are"
                                + " not served or written",
                        bucket.name(),
                        bucket.location());
            }
        }
    }

    /** What makes two buckets share one client. */
    private record StoreKey(S3Endpoint endpoint, String accountId) {}
}
