package dev.cairn.metadata.embedded;

import static dev.cairn.metadata.embedded.TestFiles.USERS;
import static dev.cairn.metadata.embedded.TestFiles.put;
import static dev.cairn.metadata.embedded.TestFiles.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.cairn.metadata.MetadataBatch;
import dev.cairn.metadata.MetadataConflictException;
import dev.cairn.metadata.MetadataEntry;
import dev.cairn.metadata.MetadataStoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files of a {@link LogMetadataStore}: what it writes, its permissions, and its lock. */
class LogMetadataStoreFilesTest {

    @TempDir
    Path directory;

    @Test
    void aNewStoreCreatesItsDirectoryOwnerOnly() throws IOException {
        assumeThat(directory.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path nested = directory.resolve("data/metadata");

        try (LogMetadataStore store = LogMetadataStore.open(nested)) {
            store.apply(put("alice", "admin"));
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(nested.resolve(LogMetadataStore.LOG_FILE))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(nested.resolve(LogMetadataStore.LOCK_FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void aNewLogHoldsOnlyItsHeader() throws IOException {
        LogMetadataStore.open(directory).close();

        assertThat(Files.readAllBytes(directory.resolve(LogMetadataStore.LOG_FILE)))
                .isEqualTo(LogFormat.HEADER);
    }

    @Test
    void theLogGrowsByOneRecordPerBatchAndNotForConflictsOrConditionsAlone() throws IOException {
        Path log = directory.resolve(LogMetadataStore.LOG_FILE);
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            store.apply(put("alice", "admin"));
            long afterPut = Files.size(log);
            assertThat(afterPut).isGreaterThan(LogFormat.HEADER.length);

            assertThatThrownBy(() -> store.apply(MetadataBatch.builder()
                            .expectAbsent(USERS, "alice")
                            .put(USERS, "alice", new byte[10])
                            .build()))
                    .isInstanceOf(MetadataConflictException.class);
            store.apply(MetadataBatch.builder().expectPresent(USERS, "alice").build());
            store.apply(MetadataBatch.builder().build());

            assertThat(Files.size(log)).isEqualTo(afterPut);
        }
    }

    @Test
    void keysWithUnpairedSurrogatesAndNulRoundTripThroughTheLog() {
        String key = "lone-\uD800-high-\uDC00-low-\u0000-nul";
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            store.apply(put(key, "value"));
        }
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(read(store, key)).contains("value");
            assertThat(store.list(USERS, "lone-\uD800"))
                    .extracting(MetadataEntry::key)
                    .containsExactly(key);
        }
    }

    @Test
    void operationsOnAClosedStoreFailAndCloseIsIdempotent() {
        LogMetadataStore store = LogMetadataStore.open(directory);
        store.close();
        store.close();

        assertThatThrownBy(() -> store.get(USERS, "alice"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(directory.toString())
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.list(USERS, "")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.apply(put("alice", "admin"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(store::clear).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSecondOpenOfTheSameDirectoryFailsWithAClearMessage() {
        try (LogMetadataStore first = LogMetadataStore.open(directory)) {
            first.apply(put("alice", "admin"));

            assertThatThrownBy(() -> LogMetadataStore.open(directory))
                    .isInstanceOf(MetadataStoreException.class)
                    .hasMessageContaining("metadata directory " + directory.toAbsolutePath())
                    .hasMessageContaining("already open");

            assertThat(read(first, "alice")).contains("admin");
            first.apply(put("bob", "dev"));
        }
        try (LogMetadataStore again = LogMetadataStore.open(directory)) {
            assertThat(read(again, "bob")).contains("dev");
        }
    }

    @Test
    void anotherProcessCannotOpenTheDirectoryWhileTheStoreIsOpen() throws Exception {
        Process holder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        DirectoryHolder.class.getName(),
                        directory.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo(DirectoryHolder.READY);

            assertThatThrownBy(() -> LogMetadataStore.open(directory))
                    .isInstanceOf(MetadataStoreException.class)
                    .hasMessageContaining("metadata directory " + directory.toAbsolutePath())
                    .hasMessageContaining("in use by another process")
                    .hasMessageContaining(LogMetadataStore.LOCK_FILE);

            holder.getOutputStream().close(); // the holder closes its store and exits
            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(holder.exitValue()).isZero();
        } finally {
            holder.destroyForcibly();
        }

        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(read(store, "holder")).contains("was here");
        }
    }
}
