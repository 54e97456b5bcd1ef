package dev.cairn.testkit.bucket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.bucket.Bucket;
import dev.cairn.bucket.ListRequest;
import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.bucket.ObjectInfo;
import dev.cairn.bucket.ObjectKeys;
import dev.cairn.bucket.ObjectListing;
import dev.cairn.bucket.ObjectStore;
import dev.cairn.bucket.ObjectStoreError;
import dev.cairn.bucket.ObjectStoreException;
import dev.cairn.bucket.StoredObject;
import dev.cairn.testkit.time.ManualClock;
import dev.cairn.time.Clock;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link ObjectStore} must have, as tests: the contract in the javadoc of {@link
 * ObjectStore}, with S3's semantics for bucket names, errors, ETags and listings, checked the same way for
 * each implementation.
 *
 * <p>To check an implementation, make a test class that extends this and implement {@link #open(Clock)}:
 *
 * <pre>{@code
 * class FolderObjectStoreTest extends ObjectStoreCompatibilityKit {
 *     @TempDir Path root;
 *
 *     @Override protected ObjectStore open(Clock clock) {
 *         return FolderObjectStore.open(root, clock);
 *     }
 *
 *     @Override protected ObjectStore reopen(ObjectStore store, Clock clock) {
 *         store.close();
 *         return open(clock);
 *     }
 * }
 * }</pre>
 *
 * <p>Override {@link #reopen} if the store keeps its contents across a restart, and {@link
 * #failWrites(boolean)} if it can be made to fail the way a full disk does; the tests that need either are
 * skipped otherwise. A store that cannot have one of the {@link Behavior}s (an external S3 endpoint does not
 * know Cairn's accounts) overrides {@link #supports(Behavior)}, and must say why in its javadoc; the tests
 * of that behaviour are then skipped, never weakened. The kit opens a store before each test with {@link
 * #clock}, and closes it after.
 */
public abstract class ObjectStoreCompatibilityKit {

    /** An optional part of the contract; see {@link #supports(Behavior)}. */
    protected enum Behavior {
        /**
         * Buckets remember the account that created them, so that creating another account's bucket is
         * {@code BUCKET_ALREADY_EXISTS}.
         */
        BUCKET_OWNERS,
        /** Buckets remember the region they were created in. */
        BUCKET_REGIONS,
        /** Creation and modification times come from the clock given to {@link #open(Clock)}. */
        INJECTED_CLOCK,
        /** A key and keys below it, such as {@code a} and {@code a/b}, exist side by side, as in S3. */
        KEYS_UNDER_KEYS,
        /**
         * Keys with {@code .} or {@code ..} segments or empty ones (a leading, trailing or doubled {@code /})
         * are kept as they are, as in S3.
         */
        DOT_AND_EMPTY_SEGMENTS,
        /** A key may have a segment longer than a file name may be (255 bytes), as in S3. */
        LONG_SEGMENTS,
        /** Any string can be the delimiter of a listing, not only {@code /}, as in S3. */
        ANY_DELIMITER,
        /**
         * Keys with characters above U+FFFF list in UTF-8 byte order, after U+E000 to U+FFFF, as in S3; Java's
         * {@link String#compareTo} would put them before.
         */
        UTF8_ORDER_ABOVE_U_FFFF,
        /**
         * A get while the object is being replaced returns the old object or the new one, bytes and
         * description together, as in S3.
         */
        ATOMIC_OVERWRITE,
    }

    protected static final String ACCOUNT = "123456789012";
    protected static final String OTHER_ACCOUNT = "210987654321";
    protected static final String REGION = "us-east-1";
    protected static final String BUCKET = "trail-logs";

    /** The MD5 of no bytes, as S3 gives it for an empty object. */
    private static final String EMPTY_ETAG = "\"d41d8cd98f00b204e9800998ecf8427e\"";

    /** The clock given to {@link #open(Clock)}; it starts on a whole second and tests move it whole seconds. */
    protected final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));

    /** The store under test; tests replace it with the result of {@link #reopen}. */
    private ObjectStore store;

    /**
     * Opens the store under test, empty: no bucket from an earlier test may be visible (a fresh temporary
     * folder, or an endpoint emptied first). Times come from {@code clock} where the store takes them from
     * a clock.
     */
    protected abstract ObjectStore open(Clock clock);

    /**
     * Closes {@code store} and opens the same storage again, as a restart of the process would. Stores that
     * keep nothing across a restart leave it as it is, and the tests that need it are skipped.
     */
    protected ObjectStore reopen(ObjectStore store, Clock clock) {
        Assumptions.abort(getClass().getSimpleName() + " does not override reopen, so restarts are not tested");
        return store;
    }

    /**
     * Makes every put of the store under test fail, as a full disk or an unreachable endpoint would, until
     * called with {@code false}. Stores that cannot do this leave it as it is, and the tests that need it
     * are skipped.
     */
    protected void failWrites(boolean failing) {
        Assumptions.abort(getClass().getSimpleName() + " does not override failWrites, so failed puts are not tested");
    }

    /** Returns whether the store under test has {@code behavior}; all of them unless overridden. */
    protected boolean supports(Behavior behavior) {
        return true;
    }

    /** Returns the store under test. */
    protected final ObjectStore store() {
        return store;
    }

    @BeforeEach
    final void openStoreUnderTest() {
        store = open(clock);
    }

    @AfterEach
    final void closeStoreUnderTest() {
        store.close();
    }

    // buckets

    @Test
    void aCreatedBucketIsDescribedWithItsOwnerRegionAndCreationTime() {
        Bucket created = store.createBucket(BUCKET, ACCOUNT, REGION);

        assertThat(created.name()).isEqualTo(BUCKET);
        assertThat(created.ownerAccountId()).isEqualTo(ACCOUNT);
        assertThat(created.region()).isEqualTo(REGION);
        if (supports(Behavior.INJECTED_CLOCK)) {
            assertThat(created.created()).isEqualTo(clock.now());
        }
        assertThat(store.bucket(BUCKET)).contains(created);
    }

    @Test
    void aBucketRemembersTheRegionItWasCreatedIn() {
        assumeSupports(Behavior.BUCKET_REGIONS);

        store.createBucket("eu-logs", ACCOUNT, "eu-west-1");

        assertThat(store.bucket("eu-logs"))
                .hasValueSatisfying(b -> assertThat(b.region()).isEqualTo("eu-west-1"));
    }

    @Test
    void bucketsAreListedByName() {
        store.createBucket("charlie", ACCOUNT, REGION);
        store.createBucket("alpha", ACCOUNT, REGION);
        store.createBucket("bravo.1", ACCOUNT, REGION);
        store.createBucket("bravo-1", ACCOUNT, REGION);

        assertThat(store.buckets()).extracting(Bucket::name).containsExactly("alpha", "bravo-1", "bravo.1", "charlie");
    }

    @Test
    void anUnknownBucketIsAbsent() {
        assertThat(store.bucket("no-such-bucket")).isEmpty();
        assertThat(store.buckets()).isEmpty();
    }

    @Test
    void creatingYourOwnBucketAgainIsBucketAlreadyOwnedByYou() {
        Bucket created = store.createBucket(BUCKET, ACCOUNT, REGION);
        clock.advance(Duration.ofSeconds(5));

        assertError(() -> store.createBucket(BUCKET, ACCOUNT, REGION), ObjectStoreError.BUCKET_ALREADY_OWNED_BY_YOU);
        assertThat(store.bucket(BUCKET)).contains(created);
    }

    @Test
    void creatingAnotherAccountsBucketIsBucketAlreadyExists() {
        assumeSupports(Behavior.BUCKET_OWNERS);
        Bucket created = store.createBucket(BUCKET, ACCOUNT, REGION);

        assertError(() -> store.createBucket(BUCKET, OTHER_ACCOUNT, REGION), ObjectStoreError.BUCKET_ALREADY_EXISTS);
        assertThat(store.bucket(BUCKET)).contains(created);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abc",
                "a.b-c",
                "my-trail-logs-123456789012",
                "1bucket",
                "b4.0",
                "192.168.5",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            })
    void bucketNamesThatFollowS3sRulesAreAccepted(String name) {
        assertThat(store.createBucket(name, ACCOUNT, REGION).name()).isEqualTo(name);
        assertThat(store.bucket(name)).isPresent();
    }

    static Stream<Arguments> invalidBucketNames() {
        return Stream.of(
                Arguments.of("ab", "3 to 63"),
                Arguments.of("a".repeat(64), "3 to 63"),
                Arguments.of("Upper", "lowercase"),
                Arguments.of("under_score", "lowercase"),
                Arguments.of("with space", "lowercase"),
                Arguments.of("-dash", "begin and end"),
                Arguments.of("dash-", "begin and end"),
                Arguments.of(".dot", "begin and end"),
                Arguments.of("dot.", "begin and end"),
                Arguments.of("a..b", "adjacent dots"),
                Arguments.of("192.168.5.4", "IP address"),
                Arguments.of("xn--abc", "xn--"),
                Arguments.of("sthree-abc", "sthree-"),
                Arguments.of("abc-s3alias", "-s3alias"),
                Arguments.of("abc--ol-s3", "--ol-s3"));
    }

    @ParameterizedTest
    @MethodSource("invalidBucketNames")
    void bucketNamesThatBreakS3sRulesAreRefusedNamingTheNameAndTheRule(String name, String rule) {
        ObjectStoreException e =
                assertError(() -> store.createBucket(name, ACCOUNT, REGION), ObjectStoreError.INVALID_BUCKET_NAME);

        assertThat(e.getMessage()).contains("'" + name + "'").contains(rule);
        assertThat(store.buckets()).isEmpty();
    }

    @Test
    void deletingAnEmptyBucketRemovesIt() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        store.createBucket("other-bucket", ACCOUNT, REGION);

        store.deleteBucket(BUCKET);

        assertThat(store.bucket(BUCKET)).isEmpty();
        assertThat(store.buckets()).extracting(Bucket::name).containsExactly("other-bucket");
    }

    @Test
    void deletingABucketThatHoldsObjectsIsBucketNotEmpty() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        put("AWSLogs/123456789012/CloudTrail/file.json.gz", "content");

        assertError(() -> store.deleteBucket(BUCKET), ObjectStoreError.BUCKET_NOT_EMPTY);
        assertThat(store.bucket(BUCKET)).isPresent();
        assertThat(text(store.get(BUCKET, "AWSLogs/123456789012/CloudTrail/file.json.gz")))
                .isEqualTo("content");
    }

    @Test
    void deletingAnUnknownBucketIsNoSuchBucket() {
        assertError(() -> store.deleteBucket("no-such-bucket"), ObjectStoreError.NO_SUCH_BUCKET);
    }

    @Test
    void aBucketEmptiedAndDeletedCanBeCreatedAgainEmpty() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        put("a/b/c", "1");
        put("b", "2");
        store.delete(BUCKET, "a/b/c");
        store.delete(BUCKET, "b");
        store.deleteBucket(BUCKET);

        store.createBucket(BUCKET, ACCOUNT, REGION);

        assertThat(store.list(BUCKET, ListRequest.all()).objects()).isEmpty();
        assertError(() -> store.get(BUCKET, "b"), ObjectStoreError.NO_SUCH_KEY);
    }

    // put, get, head, delete

    @Test
    void aPutObjectIsReadBackWithItsDescription() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        byte[] content = "{\"Records\":[]}".getBytes(UTF_8);

        ObjectInfo put = store.put(BUCKET, "AWSLogs/123456789012/CloudTrail/f.json", content, ObjectAttributes.NONE);
        StoredObject got = store.get(BUCKET, "AWSLogs/123456789012/CloudTrail/f.json");

        assertThat(put.key()).isEqualTo("AWSLogs/123456789012/CloudTrail/f.json");
        assertThat(put.size()).isEqualTo(content.length);
        assertThat(put.etag()).isEqualTo(md5(content));
        if (supports(Behavior.INJECTED_CLOCK)) {
            assertThat(put.lastModified()).isEqualTo(clock.now());
        }
        assertThat(got.content()).isEqualTo(content);
        assertThat(got.info()).isEqualTo(put);
        assertThat(store.head(BUCKET, "AWSLogs/123456789012/CloudTrail/f.json")).isEqualTo(put);
    }

    @Test
    void theEtagIsTheQuotedLowercaseHexMd5OfTheContent() {
        store.createBucket(BUCKET, ACCOUNT, REGION);

        assertThat(put("hello", "hello").etag()).isEqualTo("\"5d41402abc4b2a76b9719d911017c592\"");
        assertThat(store.head(BUCKET, "hello").etag()).isEqualTo("\"5d41402abc4b2a76b9719d911017c592\"");
    }

    @Test
    void anEmptyObjectIsStored() {
        store.createBucket(BUCKET, ACCOUNT, REGION);

        store.put(BUCKET, "empty", new byte[0], ObjectAttributes.NONE);

        StoredObject got = store.get(BUCKET, "empty");
        assertThat(got.content()).isEmpty();
        assertThat(got.info().size()).isZero();
        assertThat(got.info().etag()).isEqualTo(EMPTY_ETAG);
    }

    @Test
    void aLargeObjectIsStoredWholly() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);

        store.put(BUCKET, "large.bin", content, ObjectAttributes.NONE);

        StoredObject got = store.get(BUCKET, "large.bin");
        assertThat(got.content()).isEqualTo(content);
        assertThat(got.info().size()).isEqualTo(content.length);
        assertThat(got.info().etag()).isEqualTo(md5(content));
    }

    @Test
    void contentTypeEncodingAndUserMetadataAreReturnedAsTheyWerePut() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        ObjectAttributes attributes = new ObjectAttributes(
                "application/json",
                "gzip",
                Map.of("signature", "3045022100abcdef", "signature-algorithm", "SHA256withRSA"));

        ObjectInfo put = store.put(BUCKET, "digest.json.gz", "x".getBytes(UTF_8), attributes);

        assertThat(put.attributes()).isEqualTo(attributes);
        assertThat(store.head(BUCKET, "digest.json.gz").attributes()).isEqualTo(attributes);
        assertThat(store.get(BUCKET, "digest.json.gz").info().attributes()).isEqualTo(attributes);
    }

    @Test
    void anObjectPutWithoutAttributesHasNone() {
        store.createBucket(BUCKET, ACCOUNT, REGION);

        store.put(BUCKET, "plain", "x".getBytes(UTF_8), ObjectAttributes.NONE);

        assertThat(store.head(BUCKET, "plain").attributes()).isEqualTo(ObjectAttributes.NONE);
    }

    @Test
    void overwritingAnObjectReplacesItsContentAndAllItsAttributes() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        store.put(
                BUCKET,
                "k",
                "first version".getBytes(UTF_8),
                new ObjectAttributes("text/plain", "identity", Map.of("a", "1", "b", "2")));
        clock.advance(Duration.ofSeconds(3));

        ObjectAttributes second = new ObjectAttributes("application/json", null, Map.of("c", "3"));
        ObjectInfo put = store.put(BUCKET, "k", "second".getBytes(UTF_8), second);

        StoredObject got = store.get(BUCKET, "k");
        assertThat(text(got)).isEqualTo("second");
        assertThat(got.info()).isEqualTo(put);
        assertThat(got.info().attributes()).isEqualTo(second);
        assertThat(got.info().size()).isEqualTo(6);
        if (supports(Behavior.INJECTED_CLOCK)) {
            assertThat(got.info().lastModified()).isEqualTo(clock.now());
        }
        assertThat(store.list(BUCKET, ListRequest.all()).objects())
                .extracting(ObjectInfo::key)
                .containsExactly("k");
    }

    @Test
    void theCallersArraysAreNotShared() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        byte[] content = "original".getBytes(UTF_8);

        store.put(BUCKET, "k", content, ObjectAttributes.NONE);
        content[0] = 'X';
        store.get(BUCKET, "k").content()[1] = 'Y';

        assertThat(text(store.get(BUCKET, "k"))).isEqualTo("original");
    }

    @Test
    void gettingOrHeadingAMissingKeyIsNoSuchKey() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        put("a/b", "x");

        for (String key : List.of("missing", "a", "a/", "a/b/c", "A/b")) {
            assertError(() -> store.get(BUCKET, key), ObjectStoreError.NO_SUCH_KEY);
            assertError(() -> store.head(BUCKET, key), ObjectStoreError.NO_SUCH_KEY);
        }
    }

    @Test
    void objectOperationsOnAMissingBucketAreNoSuchBucket() {
        byte[] content = "x".getBytes(UTF_8);

        assertError(
                () -> store.put("no-such-bucket", "k", content, ObjectAttributes.NONE),
                ObjectStoreError.NO_SUCH_BUCKET);
        assertError(() -> store.get("no-such-bucket", "k"), ObjectStoreError.NO_SUCH_BUCKET);
        assertError(() -> store.head("no-such-bucket", "k"), ObjectStoreError.NO_SUCH_BUCKET);
        assertError(() -> store.delete("no-such-bucket", "k"), ObjectStoreError.NO_SUCH_BUCKET);
        assertError(() -> store.list("no-such-bucket", ListRequest.all()), ObjectStoreError.NO_SUCH_BUCKET);
    }

    @Test
    void aDeletedObjectIsGoneAndItsNeighboursStay() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        put("a/a", "1");
        put("a/b", "2");
        put("a/c/d", "3");
        put("a/bc", "4");

        store.delete(BUCKET, "a/b");

        assertError(() -> store.get(BUCKET, "a/b"), ObjectStoreError.NO_SUCH_KEY);
        assertThat(keys(ListRequest.all())).containsExactly("a/a", "a/bc", "a/c/d");
        assertThat(text(store.get(BUCKET, "a/c/d"))).isEqualTo("3");
    }

    @Test
    void deletingAMissingKeySucceeds() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        put("present/key", "x");

        store.delete(BUCKET, "missing");
        store.delete(BUCKET, "present/missing");
        store.delete(BUCKET, "present");

        assertThat(keys(ListRequest.all())).containsExactly("present/key");
    }

    @Test
    void aDeletedKeyCanBePutAgain() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        put("dir/file", "1");
        store.delete(BUCKET, "dir/file");
        put("dir", "2"); // where keys were below dir/, dir itself can be a key now
        assertThat(text(store.get(BUCKET, "dir"))).isEqualTo("2");
        store.delete(BUCKET, "dir");
        put("dir/file", "3");

        assertThat(text(store.get(BUCKET, "dir/file"))).isEqualTo("3");
        assertThat(keys(ListRequest.all())).containsExactly("dir/file");
    }

    @Test
    void invalidKeysAreRefused() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        byte[] content = "x".getBytes(UTF_8);

        assertThatThrownBy(() -> store.put(BUCKET, "", content, ObjectAttributes.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put(BUCKET, "k".repeat(1025), content, ObjectAttributes.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1024");
        assertThatThrownBy(() -> store.put(BUCKET, "lone-\uD800-surrogate", content, ObjectAttributes.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.list(BUCKET, ListRequest.all()).objects()).isEmpty();
    }

    @Test
    void aKeyOfTheMaximumLengthIsStored() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        String key = ("segment-" + "x".repeat(91) + "/").repeat(10) + "y".repeat(24);
        assertThat(key.getBytes(UTF_8)).hasSize(ObjectKeys.MAX_KEY_BYTES);

        put(key, "longest");

        assertThat(text(store.get(BUCKET, key))).isEqualTo("longest");
        assertThat(keys(ListRequest.all())).containsExactly(key);
    }

    @Test
    void aKeySegmentLongerThanAFileNameIsStored() {
        assumeSupports(Behavior.LONG_SEGMENTS);
        store.createBucket(BUCKET, ACCOUNT, REGION);
        String longSegment = "long-" + "z".repeat(400);
        String longUnicode = "日本語".repeat(100);

        put("a/" + longSegment + "/end", "1");
        put("a/" + longSegment + "-file", "2");
        put(longUnicode + "/x", "3");
        put(longUnicode + ".txt", "4");

        assertThat(text(store.get(BUCKET, "a/" + longSegment + "/end"))).isEqualTo("1");
        assertThat(text(store.get(BUCKET, "a/" + longSegment + "-file"))).isEqualTo("2");
        assertThat(text(store.get(BUCKET, longUnicode + "/x"))).isEqualTo("3");
        assertThat(text(store.get(BUCKET, longUnicode + ".txt"))).isEqualTo("4");
        assertThat(keys(ListRequest.all()))
                .containsExactly(
                        "a/" + longSegment + "-file",
                        "a/" + longSegment + "/end",
                        longUnicode + ".txt",
                        longUnicode + "/x");
        assertThat(store.list(BUCKET, new ListRequest("a/", "/", null, 1000)).commonPrefixes())
                .containsExactly("a/" + longSegment + "/");
    }

    // odd keys

    /** Keys with characters that S3 keeps as they are and that URLs, XML or file systems need care with. */
    protected static List<String> oddKeys() {
        return List.of(
                "with space.json",
                "unicode-ünïcødé-日本語",
                "emoji-😀",
                "plus+sign",
                "percent%2Fliteral",
                "percent%",
                "%41",
                "...",
                ".hidden",
                "question?mark&x=1",
                "hash#tag",
                "back\\slash",
                "colon:name",
                "quote\"and'apostrophe",
                "star*",
                "~tilde",
                "CaseSensitive",
                "casesensitive",
                "e\u0301-decomposed",
                "\u00e9-composed");
    }

    /** Keys with {@code .}, {@code ..} or empty segments, which S3 keeps as they are; paths would not. */
    protected static List<String> dotAndEmptySegmentKeys() {
        return List.of(
                "dots/../escape", "./here", "..", ".", "/leading-slash", "trailing-slash/", "double//slash", "/", "//");
    }

    static Stream<String> oddKeyArguments() {
        return oddKeys().stream();
    }

    static Stream<String> dotAndEmptySegmentKeyArguments() {
        return dotAndEmptySegmentKeys().stream();
    }

    @ParameterizedTest
    @MethodSource("oddKeyArguments")
    void anOddKeyIsStoredAndListedExactlyAsGiven(String key) {
        assertStoredAndListedExactlyAsGiven(key);
    }

    @ParameterizedTest
    @MethodSource("dotAndEmptySegmentKeyArguments")
    void aKeyWithDotOrEmptySegmentsIsStoredAndListedExactlyAsGiven(String key) {
        assumeSupports(Behavior.DOT_AND_EMPTY_SEGMENTS);
        assertStoredAndListedExactlyAsGiven(key);
    }

    private void assertStoredAndListedExactlyAsGiven(String key) {
        store.createBucket(BUCKET, ACCOUNT, REGION);

        ObjectInfo put = put(key, "content of " + key);

        assertThat(put.key()).isEqualTo(key);
        assertThat(text(store.get(BUCKET, key))).isEqualTo("content of " + key);
        assertThat(store.head(BUCKET, key).key()).isEqualTo(key);
        assertThat(keys(ListRequest.all())).containsExactly(key);
        assertThat(keys(new ListRequest(key, null, null, 1000))).containsExactly(key);
        store.delete(BUCKET, key);
        assertThat(keys(ListRequest.all())).isEmpty();
    }

    @Test
    void oddKeysLiveSideBySideAndListInByteOrder() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        for (String key : oddKeys()) {
            put(key, "content of " + key);
        }

        for (String key : oddKeys()) {
            assertThat(text(store.get(BUCKET, key))).as(key).isEqualTo("content of " + key);
        }
        assertThat(allKeys())
                .containsExactlyElementsOf(
                        oddKeys().stream().sorted(ObjectKeys.ORDER).toList());
    }

    @Test
    void keysWithDotAndEmptySegmentsLiveSideBySideAndListInByteOrder() {
        assumeSupports(Behavior.DOT_AND_EMPTY_SEGMENTS);
        assumeSupports(Behavior.KEYS_UNDER_KEYS);
        store.createBucket(BUCKET, ACCOUNT, REGION);
        List<String> keys = new ArrayList<>(oddKeys());
        keys.addAll(dotAndEmptySegmentKeys());
        for (String key : keys) {
            put(key, "content of " + key);
        }

        for (String key : keys) {
            assertThat(text(store.get(BUCKET, key))).as(key).isEqualTo("content of " + key);
        }
        assertThat(allKeys())
                .containsExactlyElementsOf(
                        keys.stream().sorted(ObjectKeys.ORDER).toList());
    }

    @Test
    void aKeyThatIsAlsoThePrefixOfOtherKeysKeepsItsOwnContent() {
        assumeSupports(Behavior.KEYS_UNDER_KEYS);
        assumeSupports(Behavior.DOT_AND_EMPTY_SEGMENTS);
        store.createBucket(BUCKET, ACCOUNT, REGION);
        List<String> keys = List.of("a/b", "a", "a/", "a/b/c", "a//", "a/b/");
        for (String key : keys) {
            put(key, "content of " + key);
        }

        for (String key : keys) {
            assertThat(text(store.get(BUCKET, key))).as(key).isEqualTo("content of " + key);
        }
        assertThat(keys(ListRequest.all())).containsExactly("a", "a/", "a//", "a/b", "a/b/", "a/b/c");

        store.delete(BUCKET, "a/b/c/below"); // a missing key below a key
        store.delete(BUCKET, "a");
        store.delete(BUCKET, "a/b");
        put("a/b", "again");
        assertThat(keys(ListRequest.all())).containsExactly("a/", "a//", "a/b", "a/b/", "a/b/c");
        assertThat(text(store.get(BUCKET, "a/b"))).isEqualTo("again");
        assertThat(text(store.get(BUCKET, "a/b/c"))).isEqualTo("content of a/b/c");
    }

    // list

    @Test
    void keysAreListedInUtf8ByteOrder() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        for (String key : List.of("b", "~", "a0", "a/b", "é", "a-", "B", "a-c", "\u00ff", "\u0100", "\u4e00")) {
            put(key, key);
        }

        // UTF-8: B 42, a 61, - 2D < / 2F < 0 30, b 62, ~ 7E, é C3A9, ÿ C3BF, Ā C480, 一 E4B880.
        assertThat(keys(ListRequest.all()))
                .containsExactly("B", "a-", "a-c", "a/b", "a0", "b", "~", "é", "\u00ff", "\u0100", "\u4e00");
    }

    @Test
    void keysAboveUffffAreListedInUtf8ByteOrder() {
        assumeSupports(Behavior.UTF8_ORDER_ABOVE_U_FFFF);
        store.createBucket(BUCKET, ACCOUNT, REGION);
        for (String key : List.of("😀", "Ａ", "\ufffd", "\ud800\udc00", "z")) {
            put(key, key);
        }

        // UTF-8: z 7A, Ａ EFBCA1, U+FFFD EFBFBD, U+10000 F0908080, 😀 F09F9880.
        // UTF-16 would put U+10000 (D800 DC00) and 😀 (D83D DE00) before Ａ (FF21).
        assertThat(keys(ListRequest.all())).containsExactly("z", "Ａ", "\ufffd", "\ud800\udc00", "😀");
    }

    @Test
    void aListedObjectIsDescribedAsHeadDescribesIt() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        put("one", "1");
        clock.advance(Duration.ofSeconds(1));
        put("two/deep", "22");

        for (ObjectInfo listed : store.list(BUCKET, ListRequest.all()).objects()) {
            ObjectInfo head = store.head(BUCKET, listed.key());
            assertThat(listed.size()).isEqualTo(head.size());
            assertThat(listed.etag()).isEqualTo(head.etag());
            assertThat(listed.lastModified()).isEqualTo(head.lastModified());
        }
    }

    @Test
    void anEmptyBucketListsNothing() {
        store.createBucket(BUCKET, ACCOUNT, REGION);

        ObjectListing listing = store.list(BUCKET, ListRequest.all());

        assertThat(listing.objects()).isEmpty();
        assertThat(listing.commonPrefixes()).isEmpty();
        assertThat(listing.truncated()).isFalse();
        assertThat(listing.nextStartAfter()).isNull();
    }

    @Test
    void aPrefixNarrowsTheListingToTheKeysThatStartWithIt() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        for (String key : trailKeys()) {
            put(key, key);
        }

        assertThat(keys(new ListRequest("AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/01/", null, null, 1000)))
                .containsExactly(
                        "AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/01/f1.json.gz",
                        "AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/01/f2.json.gz");
        assertThat(keys(new ListRequest("AWSLogs/123456789012/CloudTrail-Digest", null, null, 1000)))
                .containsExactly("AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/03/01/d1.json.gz");
        assertThat(keys(new ListRequest("AWSLogs/123456789012/CloudTrail/us-", null, null, 1000)))
                .hasSize(4);
        assertThat(keys(new ListRequest("AWSLogs/1234", null, null, 1000))).hasSize(5);
        assertThat(keys(new ListRequest("AWSLogs/999", null, null, 1000))).isEmpty();
        assertThat(keys(new ListRequest("readme.txt", null, null, 1000))).containsExactly("readme.txt");
        assertThat(keys(new ListRequest("readme.txt/", null, null, 1000))).isEmpty();
        assertThat(keys(new ListRequest("", null, null, 1000))).hasSize(6);
    }

    @Test
    void aDelimiterRollsKeysUpIntoCommonPrefixes() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        for (String key : trailKeys()) {
            put(key, key);
        }

        ObjectListing top = store.list(BUCKET, new ListRequest(null, "/", null, 1000));
        assertThat(top.objects()).extracting(ObjectInfo::key).containsExactly("readme.txt");
        assertThat(top.commonPrefixes()).containsExactly("AWSLogs/");

        ObjectListing account = store.list(BUCKET, new ListRequest("AWSLogs/123456789012/", "/", null, 1000));
        assertThat(account.objects()).isEmpty();
        assertThat(account.commonPrefixes())
                .containsExactly("AWSLogs/123456789012/CloudTrail-Digest/", "AWSLogs/123456789012/CloudTrail/");

        ObjectListing days = store.list(
                BUCKET, new ListRequest("AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/", "/", null, 1000));
        assertThat(days.commonPrefixes())
                .containsExactly(
                        "AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/01/",
                        "AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/02/");

        ObjectListing partial = store.list(BUCKET, new ListRequest("AWSLogs/123456789012/Cloud", "/", null, 1000));
        assertThat(partial.commonPrefixes())
                .containsExactly("AWSLogs/123456789012/CloudTrail-Digest/", "AWSLogs/123456789012/CloudTrail/");
        assertThat(partial.truncated()).isFalse();
    }

    @Test
    void aKeyThatIsAPrefixIsListedBesideItsCommonPrefix() {
        assumeSupports(Behavior.KEYS_UNDER_KEYS);
        store.createBucket(BUCKET, ACCOUNT, REGION);
        put("a", "1");
        put("a/b", "2");
        put("a/c/d", "3");
        put("ab", "4");

        ObjectListing listing = store.list(BUCKET, new ListRequest("a", "/", null, 1000));

        assertThat(listing.objects()).extracting(ObjectInfo::key).containsExactly("a", "ab");
        assertThat(listing.commonPrefixes()).containsExactly("a/");
        ObjectListing inside = store.list(BUCKET, new ListRequest("a/", "/", null, 1000));
        assertThat(inside.objects()).extracting(ObjectInfo::key).containsExactly("a/b");
        assertThat(inside.commonPrefixes()).containsExactly("a/c/");
    }

    @Test
    void anyStringCanBeTheDelimiter() {
        assumeSupports(Behavior.ANY_DELIMITER);
        store.createBucket(BUCKET, ACCOUNT, REGION);
        for (String key : List.of("x-1", "x-2", "y", "z-a/b", "zz", "2026-03-01/a", "2026-03-02/b")) {
            put(key, key);
        }

        ObjectListing dash = store.list(BUCKET, new ListRequest(null, "-", null, 1000));
        assertThat(dash.objects()).extracting(ObjectInfo::key).containsExactly("y", "zz");
        assertThat(dash.commonPrefixes()).containsExactly("2026-", "x-", "z-");

        ObjectListing word = store.list(BUCKET, new ListRequest("2026", "-0", null, 1000));
        assertThat(word.objects()).isEmpty();
        assertThat(word.commonPrefixes()).containsExactly("2026-0");
    }

    @Test
    void startAfterListsOnlyTheKeysAfterIt() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        for (String key : List.of("a", "b", "c", "d")) {
            put(key, key);
        }

        assertThat(keys(new ListRequest(null, null, "b", 1000))).containsExactly("c", "d");
        assertThat(keys(new ListRequest(null, null, "bb", 1000))).containsExactly("c", "d");
        assertThat(keys(new ListRequest(null, null, "0", 1000))).containsExactly("a", "b", "c", "d");
        assertThat(keys(new ListRequest(null, null, "d", 1000))).isEmpty();
        assertThat(keys(new ListRequest("c", null, "a", 1000))).containsExactly("c");
        assertThat(keys(new ListRequest("a", null, "c", 1000))).isEmpty();
    }

    @Test
    void startingAfterACommonPrefixSkipsEveryKeyUnderIt() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        for (String key : List.of("a/1", "a/2", "a0", "b/1", "c")) {
            put(key, key);
        }

        ObjectListing listing = store.list(BUCKET, new ListRequest(null, "/", "a/", 1000));

        assertThat(listing.objects()).extracting(ObjectInfo::key).containsExactly("a0", "c");
        assertThat(listing.commonPrefixes()).containsExactly("b/");
    }

    @Test
    void pagesOfMaxKeysListEveryKeyOnceInOrder() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            all.add("AWSLogs/123456789012/CloudTrail/file-" + i + ".json.gz");
        }
        for (String key : all.reversed()) {
            put(key, key);
        }

        ObjectListing first = store.list(BUCKET, new ListRequest("AWSLogs/", null, null, 3));
        assertThat(first.objects()).extracting(ObjectInfo::key).containsExactlyElementsOf(all.subList(0, 3));
        assertThat(first.truncated()).isTrue();
        assertThat(first.nextStartAfter()).isEqualTo(all.get(2));

        ObjectListing second = store.list(BUCKET, new ListRequest("AWSLogs/", null, first.nextStartAfter(), 3));
        assertThat(second.objects()).extracting(ObjectInfo::key).containsExactlyElementsOf(all.subList(3, 6));
        assertThat(second.truncated()).isTrue();

        ObjectListing third = store.list(BUCKET, new ListRequest("AWSLogs/", null, second.nextStartAfter(), 3));
        assertThat(third.objects()).extracting(ObjectInfo::key).containsExactly(all.get(6));
        assertThat(third.truncated()).isFalse();
        assertThat(third.nextStartAfter()).isNull();
    }

    @Test
    void aPageThatHoldsTheLastKeyExactlyIsNotTruncated() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        for (String key : List.of("a", "b", "c")) {
            put(key, key);
        }

        ObjectListing listing = store.list(BUCKET, new ListRequest(null, null, null, 3));

        assertThat(listing.objects()).hasSize(3);
        assertThat(listing.truncated()).isFalse();
        assertThat(listing.nextStartAfter()).isNull();
    }

    @Test
    void commonPrefixesCountTowardMaxKeys() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        for (String key : List.of("a/1", "a/2", "b", "c/1", "c/2/x", "d")) {
            put(key, key);
        }

        ObjectListing first = store.list(BUCKET, new ListRequest(null, "/", null, 2));
        assertThat(first.commonPrefixes()).containsExactly("a/");
        assertThat(first.objects()).extracting(ObjectInfo::key).containsExactly("b");
        assertThat(first.truncated()).isTrue();
        assertThat(first.nextStartAfter()).isEqualTo("b");

        ObjectListing second = store.list(BUCKET, new ListRequest(null, "/", "b", 2));
        assertThat(second.commonPrefixes()).containsExactly("c/");
        assertThat(second.objects()).extracting(ObjectInfo::key).containsExactly("d");
        assertThat(second.truncated()).isFalse();
    }

    @Test
    void pagingOneEntryAtATimeVisitsEachCommonPrefixOnce() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        for (String key : List.of("a/1", "a/2", "a/3/x", "b", "c/1", "c/2", "d")) {
            put(key, key);
        }

        List<String> entries = new ArrayList<>();
        String startAfter = null;
        int pages = 0;
        while (true) {
            ObjectListing page = store.list(BUCKET, new ListRequest(null, "/", startAfter, 1));
            pages++;
            assertThat(page.objects().size() + page.commonPrefixes().size()).isEqualTo(1);
            page.objects().forEach(o -> entries.add(o.key()));
            entries.addAll(page.commonPrefixes());
            if (!page.truncated()) {
                break;
            }
            startAfter = page.nextStartAfter();
            assertThat(pages).as("pages").isLessThan(10);
        }

        assertThat(entries).containsExactly("a/", "b", "c/", "d");
    }

    @Test
    void listingManyKeysInPagesReturnsEachOnce() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        Set<String> expected = new LinkedHashSet<>();
        for (int i = 0; i < 250; i++) {
            String key =
                    "AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/%02d/file-%03d.json.gz".formatted(1 + i % 4, i);
            expected.add(key);
            store.put(BUCKET, key, new byte[] {(byte) i}, ObjectAttributes.NONE);
        }

        List<String> listed = new ArrayList<>();
        String startAfter = null;
        do {
            ObjectListing page = store.list(BUCKET, new ListRequest("AWSLogs/", null, startAfter, 100));
            page.objects().forEach(o -> listed.add(o.key()));
            startAfter = page.truncated() ? page.nextStartAfter() : null;
        } while (startAfter != null);

        assertThat(listed)
                .containsExactlyElementsOf(
                        expected.stream().sorted(ObjectKeys.ORDER).toList());
    }

    // concurrency

    @Test
    void concurrentPutsOfDifferentKeysAreAllStored() throws Exception {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        int threads = 4;
        int perThread = 25;

        runConcurrently(threads, t -> {
            for (int i = 0; i < perThread; i++) {
                // Shared parents, so that folders are created concurrently as well.
                put("shared/" + (i % 3) + "/t" + t + "-" + i, t + "/" + i);
            }
            return null;
        });

        assertThat(allKeys()).hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                assertThat(text(store.get(BUCKET, "shared/" + (i % 3) + "/t" + t + "-" + i)))
                        .isEqualTo(t + "/" + i);
            }
        }
    }

    @Test
    void concurrentPutsOfOneKeyLeaveOneWholeVersion() throws Exception {
        store.createBucket(BUCKET, ACCOUNT, REGION);

        runConcurrently(4, t -> {
            for (int i = 0; i < 20; i++) {
                putVersion("contended", t * 100 + i);
            }
            return null;
        });

        assertConsistentVersion(store.get(BUCKET, "contended"));
        assertThat(allKeys()).containsExactly("contended");
    }

    @Test
    void aReaderSeesTheOldObjectOrTheNewOneNeverAMix() throws Exception {
        assumeSupports(Behavior.ATOMIC_OVERWRITE);
        store.createBucket(BUCKET, ACCOUNT, REGION);
        putVersion("k", 0);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService executor = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(executor.submit(() -> {
                    int reads = 0;
                    while (writing.get() || reads == 0) {
                        assertConsistentVersion(store.get(BUCKET, "k"));
                        assertThat(store.head(BUCKET, "k").size()).isGreaterThan(0);
                        reads++;
                    }
                    return reads;
                }));
            }
            Future<?> writer = executor.submit(() -> {
                try {
                    for (int i = 1; i <= 100; i++) {
                        putVersion("k", i);
                    }
                } finally {
                    writing.set(false);
                }
                return null;
            });
            writer.get(60, TimeUnit.SECONDS);
            for (Future<Integer> reader : readers) {
                assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            writing.set(false);
            executor.shutdownNow();
        }
        assertThat(versionOf(store.get(BUCKET, "k"))).isEqualTo(100);
    }

    // restart and failure

    @Test
    void bucketsAndObjectsSurviveARestart() {
        Bucket bucket = store.createBucket(BUCKET, ACCOUNT, REGION);
        ObjectAttributes attributes = new ObjectAttributes("application/json", "gzip", Map.of("signature", "abc"));
        ObjectInfo kept = store.put(BUCKET, "AWSLogs/kept.json.gz", "kept".getBytes(UTF_8), attributes);
        put("deleted", "x");
        store.delete(BUCKET, "deleted");
        store.createBucket("empty-bucket", OTHER_ACCOUNT, REGION);

        store = reopen(store, clock);

        assertThat(store.buckets()).extracting(Bucket::name).containsExactly("empty-bucket", BUCKET);
        assertThat(store.bucket(BUCKET)).contains(bucket);
        StoredObject got = store.get(BUCKET, "AWSLogs/kept.json.gz");
        assertThat(text(got)).isEqualTo("kept");
        assertThat(got.info()).isEqualTo(kept);
        assertThat(keys(ListRequest.all())).containsExactly("AWSLogs/kept.json.gz");
    }

    @Test
    void aFailedPutIsInternalErrorAndReplacesNothing() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
        put("k", "old");
        failWrites(true);
        try {
            assertError(
                    () -> store.put(BUCKET, "k", "new".getBytes(UTF_8), ObjectAttributes.NONE),
                    ObjectStoreError.INTERNAL_ERROR);
            assertError(
                    () -> store.put(BUCKET, "other", "new".getBytes(UTF_8), ObjectAttributes.NONE),
                    ObjectStoreError.INTERNAL_ERROR);
        } finally {
            failWrites(false);
        }

        assertThat(text(store.get(BUCKET, "k"))).isEqualTo("old");
        assertThat(keys(ListRequest.all())).containsExactly("k");
        put("k", "newer");
        assertThat(text(store.get(BUCKET, "k"))).isEqualTo("newer");
    }

    // helpers

    /** Keys laid out as a trail delivers them, plus one at the top. */
    private static List<String> trailKeys() {
        return List.of(
                "AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/01/f1.json.gz",
                "AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/01/f2.json.gz",
                "AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/02/f3.json.gz",
                "AWSLogs/123456789012/CloudTrail/us-west-2/2026/03/01/f4.json.gz",
                "AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/03/01/d1.json.gz",
                "readme.txt");
    }

    protected final ObjectInfo put(String key, String content) {
        return store.put(BUCKET, key, content.getBytes(UTF_8), ObjectAttributes.NONE);
    }

    /** Puts version {@code version} of {@code key}: content, size and metadata all name the version. */
    private void putVersion(String key, int version) {
        String content = ("version " + version + ";").repeat(1 + version % 50);
        store.put(
                BUCKET,
                key,
                content.getBytes(UTF_8),
                new ObjectAttributes("text/plain", null, Map.of("version", Integer.toString(version))));
    }

    private static void assertConsistentVersion(StoredObject object) {
        int version = versionOf(object);
        assertThat(object.info().attributes().userMetadata()).containsEntry("version", Integer.toString(version));
        assertThat(object.info().size()).isEqualTo(object.content().length);
        assertThat(object.info().etag()).isEqualTo(md5(object.content()));
    }

    private static int versionOf(StoredObject object) {
        String text = text(object);
        String first = text.substring("version ".length(), text.indexOf(';'));
        int version = Integer.parseInt(first);
        assertThat(text).isEqualTo(("version " + version + ";").repeat(1 + version % 50));
        return version;
    }

    protected final List<String> keys(ListRequest request) {
        ObjectListing listing = store.list(BUCKET, request);
        assertThat(listing.commonPrefixes()).isEmpty();
        return listing.objects().stream().map(ObjectInfo::key).toList();
    }

    /** Lists every key of {@link #BUCKET}, through as many pages as it takes. */
    protected final List<String> allKeys() {
        List<String> keys = new ArrayList<>();
        String startAfter = null;
        do {
            ObjectListing page = store.list(BUCKET, new ListRequest(null, null, startAfter, 1000));
            page.objects().forEach(o -> keys.add(o.key()));
            startAfter = page.truncated() ? page.nextStartAfter() : null;
        } while (startAfter != null);
        return keys;
    }

    protected static String text(StoredObject object) {
        return new String(object.content(), UTF_8);
    }

    protected static String md5(byte[] content) {
        try {
            return '"'
                    + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content))
                    + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    protected static ObjectStoreException assertError(Runnable call, ObjectStoreError expected) {
        ObjectStoreException e = catchThrowableOfType(ObjectStoreException.class, call::run);
        assertThat(e).as("the call throws ObjectStoreException " + expected).isNotNull();
        assertThat(e.error()).as(e.getMessage()).isEqualTo(expected);
        return e;
    }

    private void assumeSupports(Behavior behavior) {
        Assumptions.assumeTrue(supports(behavior), () -> getClass().getSimpleName() + " does not support " + behavior);
    }

    /** Runs {@code body} on {@code threads} threads at once, rethrowing the first failure. */
    private static void runConcurrently(int threads, Function<Integer, @Nullable Void> body) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(executor.submit(() -> {
                    start.await();
                    return body.apply(thread);
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
