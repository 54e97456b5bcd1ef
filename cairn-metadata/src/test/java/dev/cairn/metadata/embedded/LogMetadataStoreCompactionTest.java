package dev.cairn.metadata.embedded;

import static dev.cairn.metadata.embedded.TestFiles.USERS;
import static dev.cairn.metadata.embedded.TestFiles.keys;
import static dev.cairn.metadata.embedded.TestFiles.put;
import static dev.cairn.metadata.embedded.TestFiles.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.cairn.metadata.MetadataBatch;
import dev.cairn.testkit.logging.CapturingLogProvider;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** How {@link LogMetadataStore} rewrites a log that is mostly overwritten or deleted entries. */
class LogMetadataStoreCompactionTest {

    private static final int MIB = 1 << 20;

    @TempDir
    Path directory;

    private Path log;

    @BeforeEach
    void setUp() {
        log = directory.resolve(LogMetadataStore.LOG_FILE);
        CapturingLogProvider.reset();
    }

    @Test
    void compactionKeepsTheLiveDataAndShrinksTheLog() throws IOException {
        byte[] last = randomBytes(64 * 1024, 99);
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            for (int i = 0; i < 50; i++) {
                store.apply(put("small-" + i, "v" + i));
            }
            for (int i = 0; i < 100; i++) {
                store.apply(MetadataBatch.builder()
                        .put(USERS, "config", randomBytes(64 * 1024, i))
                        .build());
                store.apply(MetadataBatch.builder().delete(USERS, "small-" + i).build());
            }
            // 6.4 MiB were written; 64 KiB are live.
            assertThat(Files.size(log)).isLessThan(MIB + 2 * 64 * 1024);
            assertThat(store.get(USERS, "config"))
                    .hasValueSatisfying(v -> assertThat(v).isEqualTo(last));
        }

        assertThat(CapturingLogProvider.events(Level.INFO))
                .anySatisfy(e -> assertThat(e.message()).startsWith("Compacted the metadata log " + log));
        assertThat(directory.resolve(LogMetadataStore.TMP_FILE)).doesNotExist();
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(keys(store)).containsExactly("config");
            assertThat(store.get(USERS, "config"))
                    .hasValueSatisfying(v -> assertThat(v).isEqualTo(last));
        }
    }

    @Test
    void aWastefulLogIsCompactedAtOpen() throws IOException {
        byte[] value = randomBytes(100 * 1024, 1);
        try (LogMetadataStore store = LogMetadataStore.open(directory, neverCompact())) {
            for (int i = 0; i < 50; i++) {
                store.apply(MetadataBatch.builder().put(USERS, "config", value).build());
            }
            store.apply(put("other", "kept"));
        }
        assertThat(Files.size(log)).isGreaterThan(4 * MIB);

        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(Files.size(log)).isLessThan(value.length + 1024);
            assertThat(store.get(USERS, "config"))
                    .hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
            assertThat(read(store, "other")).contains("kept");
            store.apply(put("after", "compaction"));
        }
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(keys(store)).containsExactly("after", "config", "other");
        }
    }

    @Test
    void aLogUnderOneMebibyteIsNotCompactedHoweverWasteful() throws IOException {
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            for (int i = 0; i < 1_000; i++) {
                store.apply(put("counter", Integer.toString(i)));
            }
            assertThat(Files.size(log)).isGreaterThan(20_000).isLessThan(MIB);
        }
        assertThat(CapturingLogProvider.events(Level.INFO)).isEmpty();
    }

    @Test
    void aLogOfMostlyLiveDataIsNotCompacted() throws IOException {
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            for (int i = 0; i < 40; i++) {
                store.apply(MetadataBatch.builder()
                        .put(USERS, "key-" + i, randomBytes(64 * 1024, i))
                        .build());
            }
            assertThat(Files.size(log)).isGreaterThan(40 * 64 * 1024);
        }
        assertThat(CapturingLogProvider.events(Level.INFO)).isEmpty();
    }

    @Test
    void clearingALargeStoreShrinksTheLogToItsHeader() throws IOException {
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            for (int i = 0; i < 20; i++) {
                store.apply(MetadataBatch.builder()
                        .put(USERS, "key-" + i, randomBytes(100 * 1024, i))
                        .build());
            }

            store.clear();

            assertThat(Files.readAllBytes(log)).isEqualTo(LogFormat.HEADER);
            store.apply(put("after", "clear"));
        }
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(keys(store)).containsExactly("after");
        }
    }

    @Test
    void compactionsDuringConcurrentWritesLoseNothing() throws Exception {
        int writers = 4;
        int batches = 150;
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            ExecutorService executor = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    futures.add(executor.submit(() -> {
                        byte[] filler = randomBytes(32 * 1024, writer);
                        for (int i = 0; i < batches; i++) {
                            store.apply(MetadataBatch.builder()
                                    .put(USERS, "filler-" + writer, filler)
                                    .put(USERS, "key-" + writer + "-" + i, new byte[] {(byte) i})
                                    .build());
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get(120, TimeUnit.SECONDS);
                }
            } finally {
                executor.shutdownNow();
            }
            assertThat(store.list(USERS, "key-")).hasSize(writers * batches);
        }
        assertThat(CapturingLogProvider.events(Level.INFO))
                .anySatisfy(e -> assertThat(e.message()).startsWith("Compacted"));

        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(store.list(USERS, "key-")).hasSize(writers * batches);
            assertThat(store.list(USERS, "filler-")).hasSize(writers);
        }
    }

    @Test
    void aCompactedLogIsOwnerOnly() throws IOException {
        assumeThat(directory.getFileSystem().supportedFileAttributeViews()).contains("posix");
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            for (int i = 0; i < 30; i++) {
                store.apply(MetadataBatch.builder()
                        .put(USERS, "config", randomBytes(64 * 1024, i))
                        .build());
            }
        }
        assertThat(CapturingLogProvider.events(Level.INFO)).isNotEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
                .isEqualTo("rw-------");
    }

    private static LogMetadataStore.Options neverCompact() {
        return new LogMetadataStore.Options(Long.MAX_VALUE, FileChannel::open);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
