package dev.cairn.bucket.folder;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bucket.ListRequest;
import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.bucket.ObjectInfo;
import dev.cairn.bucket.ObjectStore;
import dev.cairn.bucket.ObjectStoreError;
import dev.cairn.testkit.bucket.ObjectStoreCompatibilityKit;
import dev.cairn.time.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks {@link FolderObjectStore} against the contract of every object store, and its own promises. */
class FolderObjectStoreTest extends ObjectStoreCompatibilityKit {
    private static final String TRAIL_FILE =
            "AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/01/123456789012_CloudTrail_us-east-1_20260301T1200Z_abc.json.gz";

    @TempDir
    Path root;

    @Override
    protected ObjectStore open(Clock clock) {
        return FolderObjectStore.open(root, clock);
    }

    @Override
    protected ObjectStore reopen(ObjectStore store, Clock clock) {
        store.close();
        return open(clock);
    }

    private FolderObjectStore folderStore() {
        return (FolderObjectStore) store();
    }

    /** Abandons the store as a crash would (only its lock is released), and opens the folder again. */
    private FolderObjectStore crashAndReopen() {
        store().close();
        return FolderObjectStore.open(root, clock);
    }

    // layout

    @Test
    void anObjectIsAFileAtItsKeyInTheBucketsFolder() throws IOException {
        store().createBucket(BUCKET, ACCOUNT, REGION);
        byte[] content = "gzipped events".getBytes(UTF_8);

        store().put(BUCKET, TRAIL_FILE, content, new ObjectAttributes("application/json", "gzip", Map.of()));

        assertThat(root.resolve(BUCKET).resolve(TRAIL_FILE)).hasBinaryContent(content);
        assertThat(filesUnder(root.resolve(BUCKET))).containsExactly(TRAIL_FILE);
    }

    @Test
    void theStoresOwnFilesStayOutOfTheBucketsFolder() throws IOException {
        store().createBucket(BUCKET, ACCOUNT, REGION);
        put("a", "1");
        put("a/b", "2");
        put(".cairn/buckets/x", "3");
        put("%escaped/x", "4");

        assertThat(text(store().get(BUCKET, ".cairn/buckets/x"))).isEqualTo("3");
        assertThat(text(store().get(BUCKET, "%escaped/x"))).isEqualTo("4");
        try (Stream<Path> top = Files.list(root)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(BUCKET, ".cairn");
        }
        assertThat(filesUnder(root.resolve(BUCKET))).hasSize(4);
    }

    @Test
    void keysThatCannotBeAPathAreEscapedAndNoneLeavesTheBucketsFolder() throws IOException {
        store().createBucket(BUCKET, ACCOUNT, REGION);
        List<String> keys = new ArrayList<>(oddKeys());
        keys.addAll(dotAndEmptySegmentKeys());
        keys.addAll(List.of("../outside", "../../outside", "a/../../outside", "..\\outside", "x".repeat(300)));
        for (String key : keys) {
            put(key, "content of " + key);
        }

        for (String key : keys) {
            String dataPath = folderStore().dataPath(BUCKET, key);
            Path file = root.resolve(BUCKET).resolve(dataPath).normalize();
            assertThat(file).as(key).startsWith(root.resolve(BUCKET)).hasContent("content of " + key);
            boolean natural = dataPath.equals(key);
            assertThat(natural || dataPath.startsWith("%escaped/")).as(dataPath).isTrue();
        }
        assertThat(folderStore().dataPath(BUCKET, "with space.json")).isEqualTo("with space.json");
        assertThat(folderStore().dataPath(BUCKET, "unicode-ünïcødé-日本語")).isEqualTo("unicode-ünïcødé-日本語");
        assertThat(folderStore().dataPath(BUCKET, "/leading-slash")).isEqualTo("%escaped/%2Fleading-slash");
        assertThat(folderStore().dataPath(BUCKET, "..")).isEqualTo("%escaped/%2E.");
        assertThat(folderStore().dataPath(BUCKET, "percent%")).isEqualTo("%escaped/percent%25");
        assertThat(folderStore().dataPath(BUCKET, "x".repeat(300))).startsWith("%escaped/#");
        assertThat(filesUnder(root.resolve(BUCKET))).hasSize(keys.size());
        assertThat(root.getParent().resolve("outside")).doesNotExist();
    }

    @Test
    void aKeyWhosePathIsTakenByAFolderIsEscapedAndKeepsItsPlace() {
        store().createBucket(BUCKET, ACCOUNT, REGION);
        put("a/b", "below");
        put("a", "file");
        put("c", "file");
        put("c/d", "below");

        assertThat(folderStore().dataPath(BUCKET, "a/b")).isEqualTo("a/b");
        assertThat(folderStore().dataPath(BUCKET, "a")).startsWith("%escaped/");
        assertThat(folderStore().dataPath(BUCKET, "c")).isEqualTo("c");
        assertThat(folderStore().dataPath(BUCKET, "c/d")).startsWith("%escaped/");

        put("a", "file again");
        assertThat(folderStore().dataPath(BUCKET, "a")).startsWith("%escaped/");
        assertThat(text(store().get(BUCKET, "a"))).isEqualTo("file again");
    }

    @Test
    void aDeleteRemovesTheFoldersItEmptied() throws IOException {
        store().createBucket(BUCKET, ACCOUNT, REGION);
        put(TRAIL_FILE, "x");
        put("AWSLogs/readme", "y");

        store().delete(BUCKET, TRAIL_FILE);

        try (Stream<Path> all = Files.walk(root.resolve(BUCKET))) {
            assertThat(all.map(p -> root.resolve(BUCKET).relativize(p).toString()))
                    .containsExactlyInAnyOrder("", "AWSLogs", "AWSLogs/readme");
        }
        put("AWSLogs", "z");
        assertThat(folderStore().dataPath(BUCKET, "AWSLogs"))
                .as("a folder is in the way")
                .startsWith("%escaped/");

        store().delete(BUCKET, "AWSLogs");
        store().delete(BUCKET, "AWSLogs/readme");
        put("AWSLogs", "z");
        assertThat(filesUnder(root.resolve(BUCKET))).containsExactly("AWSLogs");
    }

    @Test
    void aFileChangedOutsideTheStoreFailsItsGet() throws IOException {
        store().createBucket(BUCKET, ACCOUNT, REGION);
        put("k", "original");
        Files.writeString(root.resolve(BUCKET).resolve("k"), "tampered");

        assertError(() -> store().get(BUCKET, "k"), ObjectStoreError.INTERNAL_ERROR);
        assertThat(store().head(BUCKET, "k").size()).isEqualTo(8);
    }

    @Test
    void aFileAddedOutsideTheStoreIsNotAnObject() throws IOException {
        store().createBucket(BUCKET, ACCOUNT, REGION);
        Files.writeString(root.resolve(BUCKET).resolve("stray.txt"), "not put");

        assertThat(keys(ListRequest.all())).isEmpty();
        assertError(() -> store().get(BUCKET, "stray.txt"), ObjectStoreError.NO_SUCH_KEY);
        put("stray.txt", "put");
        assertThat(text(store().get(BUCKET, "stray.txt"))).isEqualTo("put");
    }

    @Test
    void bucketNamesThatAreNotBucketsReachNoFolder() {
        store().createBucket(BUCKET, ACCOUNT, REGION);

        for (String name : List.of("..", "../" + BUCKET, ".cairn", BUCKET + "/..", "")) {
            assertThat(store().bucket(name)).isEmpty();
            assertError(() -> store().get(name, "k"), ObjectStoreError.NO_SUCH_BUCKET);
            assertError(() -> store().list(name, ListRequest.all()), ObjectStoreError.NO_SUCH_BUCKET);
        }
    }

    // listing reads only what it needs

    @Test
    void aListingByPrefixReadsOnlyTheRecordsOfItsPage() {
        store().createBucket(BUCKET, ACCOUNT, REGION);
        for (int day = 1; day <= 20; day++) {
            for (int file = 0; file < 10; file++) {
                put("AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/%02d/f%d.json.gz".formatted(day, file), "x");
            }
        }
        long before = folderStore().recordReads();

        List<String> keys =
                keys(new ListRequest("AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/07/", null, null, 1000));

        assertThat(keys).hasSize(10);
        assertThat(folderStore().recordReads() - before).isEqualTo(10);

        before = folderStore().recordReads();
        store().list(
                        BUCKET,
                        new ListRequest(
                                "AWSLogs/",
                                null,
                                "AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/15/f4.json.gz",
                                3));
        assertThat(folderStore().recordReads() - before)
                .as("records read for a page of 3")
                .isLessThanOrEqualTo(4);

        before = folderStore().recordReads();
        store().list(BUCKET, new ListRequest("AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/", "/", null, 1000));
        assertThat(folderStore().recordReads() - before)
                .as("records read to roll up days")
                .isZero();
    }

    // restarts and crashes

    @Test
    void objectsAreStillThereAfterARestart() {
        store().createBucket(BUCKET, ACCOUNT, REGION);
        ObjectInfo put = put(TRAIL_FILE, "events");
        put("/escaped", "escaped");
        clock.advance(Duration.ofSeconds(10));

        FolderObjectStore reopened = crashAndReopen();
        try {
            assertThat(reopened.get(BUCKET, TRAIL_FILE).info()).isEqualTo(put);
            assertThat(new String(reopened.get(BUCKET, "/escaped").content(), UTF_8))
                    .isEqualTo("escaped");
            assertThat(reopened.list(BUCKET, ListRequest.all()).objects())
                    .extracting(ObjectInfo::key)
                    .containsExactly("/escaped", TRAIL_FILE);
        } finally {
            reopened.close();
        }
    }

    @Test
    void aSecondStoreCannotOpenTheSameFolder() {
        assertThatThrownBy(() -> FolderObjectStore.open(root, clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in use");
    }

    @Test
    void aPutCutOffBeforeItsBytesMovedLeavesTheOldObject() throws IOException {
        store().createBucket(BUCKET, ACCOUNT, REGION);
        put("k", "old");
        folderStore().crashAfter(FolderObjectStore.Step.DATA_WRITTEN);
        assertThatThrownBy(() -> put("k", "new")).isInstanceOf(FolderObjectStore.SimulatedCrash.class);
        assertThat(tmpFiles()).isNotEmpty();

        FolderObjectStore reopened = crashAndReopen();
        try {
            assertThat(new String(reopened.get(BUCKET, "k").content(), UTF_8)).isEqualTo("old");
            assertThat(tmpFiles()).isEmpty();
        } finally {
            reopened.close();
        }
    }

    @Test
    void aPutCutOffAfterItsBytesMovedIsFinishedOnOpen() throws IOException {
        store().createBucket(BUCKET, ACCOUNT, REGION);
        put("k", "old");
        folderStore().crashAfter(FolderObjectStore.Step.DATA_PLACED);
        ObjectAttributes attributes = new ObjectAttributes("text/plain", null, Map.of("version", "2"));
        assertThatThrownBy(() -> store().put(BUCKET, "k", "new".getBytes(UTF_8), attributes))
                .isInstanceOf(FolderObjectStore.SimulatedCrash.class);
        folderStore().crashAfter(FolderObjectStore.Step.DATA_PLACED);
        assertThatThrownBy(() -> put("fresh/key", "fresh")).isInstanceOf(FolderObjectStore.SimulatedCrash.class);

        FolderObjectStore reopened = crashAndReopen();
        try {
            assertThat(new String(reopened.get(BUCKET, "k").content(), UTF_8)).isEqualTo("new");
            assertThat(reopened.head(BUCKET, "k").attributes()).isEqualTo(attributes);
            assertThat(new String(reopened.get(BUCKET, "fresh/key").content(), UTF_8))
                    .isEqualTo("fresh");
            assertThat(tmpFiles()).isEmpty();
        } finally {
            reopened.close();
        }
    }

    @Test
    void aDeleteCutOffAfterItsRecordWentIsFinishedOnOpen() throws IOException {
        store().createBucket(BUCKET, ACCOUNT, REGION);
        put(TRAIL_FILE, "x");
        folderStore().crashAfter(FolderObjectStore.Step.RECORD_DELETED);
        assertThatThrownBy(() -> store().delete(BUCKET, TRAIL_FILE))
                .isInstanceOf(FolderObjectStore.SimulatedCrash.class);
        assertThat(root.resolve(BUCKET).resolve(TRAIL_FILE)).exists();

        FolderObjectStore reopened = crashAndReopen();
        try {
            assertThat(root.resolve(BUCKET).resolve(TRAIL_FILE)).doesNotExist();
            assertThat(filesUnder(root.resolve(BUCKET))).isEmpty();
            reopened.deleteBucket(BUCKET);
        } finally {
            reopened.close();
        }
    }

    @Test
    void tornTempFilesFromACrashAreIgnoredAndRemoved() throws IOException {
        store().createBucket(BUCKET, ACCOUNT, REGION);
        put("k", "whole");
        Path tmp = root.resolve(".cairn/buckets").resolve(BUCKET).resolve("tmp");
        Files.write(tmp.resolve("0f1e.data"), new byte[] {1, 2, 3});
        Files.writeString(tmp.resolve("0f1e.rec"), "key=k\nsize=");
        Files.writeString(tmp.resolve("77aa.rec"), "key=k\nsi");
        Files.write(tmp.resolve("99bb.data"), new byte[] {4});

        FolderObjectStore reopened = crashAndReopen();
        try {
            assertThat(new String(reopened.get(BUCKET, "k").content(), UTF_8)).isEqualTo("whole");
            assertThat(reopened.list(BUCKET, ListRequest.all()).objects()).hasSize(1);
            assertThat(tmpFiles()).isEmpty();
        } finally {
            reopened.close();
        }
    }

    @Test
    void aBucketWhoseCreationWasCutOffIsRemovedOnOpen() throws IOException {
        Files.createDirectories(root.resolve(".cairn/buckets/half-made/index"));
        Files.createDirectories(root.resolve("half-made"));
        Files.createDirectories(root.resolve("not-a-bucket"));

        FolderObjectStore reopened = crashAndReopen();
        try {
            assertThat(reopened.buckets()).isEmpty();
            assertThat(root.resolve("half-made")).doesNotExist();
            assertThat(root.resolve("not-a-bucket")).exists();
            reopened.createBucket("half-made", ACCOUNT, REGION);
        } finally {
            reopened.close();
        }
    }

    // helpers

    private List<String> tmpFiles() throws IOException {
        try (Stream<Path> files =
                Files.list(root.resolve(".cairn/buckets").resolve(BUCKET).resolve("tmp"))) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static List<String> filesUnder(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile)
                    .map(p -> folder.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }
}
