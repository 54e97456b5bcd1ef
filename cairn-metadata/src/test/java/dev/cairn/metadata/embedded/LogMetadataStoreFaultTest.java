package dev.cairn.metadata.embedded;

import static dev.cairn.metadata.embedded.TestFiles.USERS;
import static dev.cairn.metadata.embedded.TestFiles.keys;
import static dev.cairn.metadata.embedded.TestFiles.put;
import static dev.cairn.metadata.embedded.TestFiles.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.metadata.MetadataBatch;
import dev.cairn.metadata.MetadataStoreException;
import dev.cairn.testkit.logging.CapturingLogProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** What {@link LogMetadataStore} does when its disk fails: a failed change is not applied, now or after a restart. */
class LogMetadataStoreFaultTest {

    @TempDir
    Path directory;

    private Path log;
    private final FaultyFileChannel.Faults logFaults = new FaultyFileChannel.Faults(LogMetadataStore.LOG_FILE);

    @BeforeEach
    void createTheLogWithoutFaults() {
        // A new log is written under the temporary name and renamed: create it here, so that the faults
        // armed below hit the appends to metadata.log and the compactions through metadata.log.tmp.
        LogMetadataStore.open(directory).close();
        log = directory.resolve(LogMetadataStore.LOG_FILE);
        CapturingLogProvider.reset();
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void aFailedWriteChangesNothingAndLaterBatchesApply() throws IOException {
        try (LogMetadataStore store = LogMetadataStore.open(directory, logFaults.options())) {
            store.apply(put("before", "1"));
            long size = Files.size(log);
            logFaults.writes.set(1);

            assertThatThrownBy(() -> store.apply(put("failed", "x".repeat(1000))))
                    .isInstanceOf(MetadataStoreException.class)
                    .hasMessageContaining("could not write the metadata log " + log + " at byte " + size)
                    .hasMessageContaining("not applied")
                    .hasRootCauseMessage("injected: No space left on device");

            assertThat(store.get(USERS, "failed")).isEmpty();
            assertThat(Files.size(log)).isEqualTo(size);
            store.apply(put("after", "2"));
        }
        assertThatReopenedStoreHolds("after", "before");
        assertThat(CapturingLogProvider.events(Level.WARN)).isEmpty();
    }

    @Test
    void aFailedFsyncChangesNothingAndLaterBatchesApply() throws IOException {
        try (LogMetadataStore store = LogMetadataStore.open(directory, logFaults.options())) {
            store.apply(put("before", "1"));
            long size = Files.size(log);
            logFaults.forces.set(1);

            assertThatThrownBy(() -> store.apply(put("failed", "x")))
                    .isInstanceOf(MetadataStoreException.class)
                    .hasRootCauseMessage("injected: Input/output error on fsync");

            assertThat(store.get(USERS, "failed")).isEmpty();
            assertThat(Files.size(log)).isEqualTo(size);
            store.apply(put("after", "2"));
        }
        assertThatReopenedStoreHolds("after", "before");
    }

    @Test
    void aFailedClearClearsNothing() {
        try (LogMetadataStore store = LogMetadataStore.open(directory, logFaults.options())) {
            store.apply(put("before", "1"));
            logFaults.forces.set(1);

            assertThatThrownBy(store::clear).isInstanceOf(MetadataStoreException.class);

            assertThat(keys(store)).containsExactly("before");
        }
        assertThatReopenedStoreHolds("before");
    }

    @Test
    void aFailedRollbackRefusesChangesUntilTheStoreIsReopened() {
        try (LogMetadataStore store = LogMetadataStore.open(directory, logFaults.options())) {
            store.apply(put("before", "1"));
            logFaults.writes.set(1);
            logFaults.truncates.set(1);

            assertThatThrownBy(() -> store.apply(put("failed", "x".repeat(1000))))
                    .isInstanceOf(MetadataStoreException.class)
                    .satisfies(e -> assertThat(e.getCause().getSuppressed())
                            .singleElement()
                            .satisfies(s -> assertThat(s).hasMessage("injected: Input/output error on truncate")));

            assertThatThrownBy(() -> store.apply(put("refused", "y")))
                    .isInstanceOf(MetadataStoreException.class)
                    .hasMessageContaining("refuses changes")
                    .hasMessageContaining("reopen");
            assertThatThrownBy(store::clear).isInstanceOf(MetadataStoreException.class);
            assertThat(keys(store)).containsExactly("before");
        }
        assertThat(CapturingLogProvider.events(Level.ERROR))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("Could not roll the metadata log " + log));

        // The half-written record is still on disk: reopening treats it as the torn tail it is.
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(keys(store)).containsExactly("before");
            store.apply(put("after", "2"));
        }
        assertThat(CapturingLogProvider.events(Level.WARN)).hasSize(1);
        assertThatReopenedStoreHolds("after", "before");
    }

    @Test
    void anInterruptedThreadCanApplyAndStaysInterrupted() {
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            Thread.currentThread().interrupt();

            store.apply(put("alice", "admin"));
            store.clear();
            store.apply(put("bob", "dev"));

            assertThat(Thread.interrupted()).isTrue();
            assertThat(keys(store)).containsExactly("bob");
        }
        assertThatReopenedStoreHolds("bob");
    }

    @Test
    void anInterruptThatClosesTheLogMidWriteFailsOnlyThatBatch() {
        try (LogMetadataStore store = LogMetadataStore.open(directory, logFaults.options())) {
            store.apply(put("before", "1"));
            logFaults.interruptingWrites.set(1);

            assertThatThrownBy(() -> store.apply(put("interrupted", "x"))).isInstanceOf(MetadataStoreException.class);
            assertThat(Thread.interrupted()).isTrue();

            store.apply(put("after", "2"));
            assertThat(keys(store)).containsExactly("after", "before");
        }
        assertThatReopenedStoreHolds("after", "before");
    }

    @Test
    void aFailedCompactionKeepsTheLogAndIsRetriedLater() throws IOException {
        FaultyFileChannel.Faults tmpFaults = new FaultyFileChannel.Faults(LogMetadataStore.TMP_FILE);
        tmpFaults.forces.set(1);
        byte[] value = new byte[256 * 1024];
        new Random(1).nextBytes(value);
        try (LogMetadataStore store = LogMetadataStore.open(directory, tmpFaults.options())) {
            for (int i = 0; i < 5; i++) {
                store.apply(MetadataBatch.builder().put(USERS, "config", value).build());
            }
            // Over 1 MiB and 4 times the live data: the compaction was tried, failed, and kept the log.
            assertThat(Files.size(log)).isGreaterThan(5 * value.length);
            assertThat(directory.resolve(LogMetadataStore.TMP_FILE)).doesNotExist();
            assertThat(CapturingLogProvider.events(Level.WARN))
                    .singleElement()
                    .satisfies(e -> assertThat(e.message()).contains("Could not compact the metadata log " + log));

            for (int i = 0; i < 5; i++) {
                store.apply(MetadataBatch.builder().put(USERS, "config", value).build());
            }
            // Retried once the log had grown by another MiB: ten puts would take 10 values uncompacted.
            assertThat(Files.size(log)).isLessThan(4L * value.length);
            assertThat(CapturingLogProvider.events(Level.INFO))
                    .anySatisfy(e -> assertThat(e.message()).startsWith("Compacted the metadata log " + log));
            store.apply(put("after", "compaction"));
        }
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(store.get(USERS, "config"))
                    .hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
            assertThat(read(store, "after")).contains("compaction");
        }
    }

    private void assertThatReopenedStoreHolds(String... expectedKeys) {
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(keys(store)).containsExactly(expectedKeys);
        }
    }
}
