package dev.cairn.metadata.embedded;

import static dev.cairn.metadata.embedded.TestFiles.append;
import static dev.cairn.metadata.embedded.TestFiles.flipByte;
import static dev.cairn.metadata.embedded.TestFiles.keys;
import static dev.cairn.metadata.embedded.TestFiles.put;
import static dev.cairn.metadata.embedded.TestFiles.read;
import static dev.cairn.metadata.embedded.TestFiles.truncate;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.metadata.MetadataStoreException;
import dev.cairn.testkit.logging.CapturingLogProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;

/**
 * What {@link LogMetadataStore#open} does with a log that a crash, or something else, damaged: a torn
 * tail is truncated with a warning; anything else is refused.
 */
class LogMetadataStoreRecoveryTest {

    @TempDir
    Path directory;

    private Path log;

    /** Where each of the three good records ends, and where the last, damaged one ends. */
    private final long[] ends = new long[4];

    @BeforeEach
    void writeThreeGoodBatchesAndALastOne() throws IOException {
        log = directory.resolve(LogMetadataStore.LOG_FILE);
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            for (int i = 0; i < 3; i++) {
                store.apply(put("k" + i, "v" + i));
                ends[i] = Files.size(log);
            }
            store.apply(put("last", "x".repeat(100)));
            ends[3] = Files.size(log);
        }
        CapturingLogProvider.reset();
    }

    @ParameterizedTest(name = "cut {0} bytes into the last record")
    @ValueSource(ints = {1, 4, 7, 8, 9, 60, -1})
    void aTornLastRecordIsTruncatedAndTheStoreStaysAppendable(int cut) throws IOException {
        long cutAt = cut < 0 ? ends[3] + cut : ends[2] + cut;
        truncate(log, cutAt);

        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(keys(store)).containsExactly("k0", "k1", "k2");
            assertThat(Files.size(log)).isEqualTo(ends[2]);
            store.apply(put("after", "y"));
        }

        assertThat(CapturingLogProvider.events(Level.WARN))
                .singleElement()
                .satisfies(e -> assertThat(e.message())
                        .contains(log.toString())
                        .contains("torn tail at byte " + ends[2])
                        .contains((cutAt - ends[2]) + " bytes"));
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(keys(store)).containsExactly("after", "k0", "k1", "k2");
            assertThat(read(store, "after")).contains("y");
        }
        assertThat(CapturingLogProvider.events(Level.WARN)).hasSize(1);
    }

    @ParameterizedTest(name = "flip byte {0} of the last record")
    @ValueSource(ints = {0, 2, 3, 4, 7, 8, 9, 40, -1})
    void aFlippedByteInTheLastRecordIsTruncated(int offset) throws IOException {
        flipByte(log, offset < 0 ? ends[3] + offset : ends[2] + offset);

        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(keys(store)).containsExactly("k0", "k1", "k2");
            assertThat(Files.size(log)).isEqualTo(ends[2]);
            store.apply(put("after", "y"));
        }

        assertThat(CapturingLogProvider.events(Level.WARN))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains(log.toString()).contains("byte " + ends[2]));
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(keys(store)).containsExactly("after", "k0", "k1", "k2");
        }
    }

    @ParameterizedTest(name = "{0} bytes of garbage")
    @ValueSource(ints = {1, 7, 8, 9, 100, 5000, 300_000})
    void garbageAfterTheLastRecordIsTruncated(int length) throws IOException {
        byte[] garbage = new byte[length];
        new Random(length).nextBytes(garbage);
        append(log, garbage);

        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(keys(store)).containsExactly("k0", "k1", "k2", "last");
            assertThat(Files.size(log)).isEqualTo(ends[3]);
        }

        assertThat(CapturingLogProvider.events(Level.WARN))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains(log.toString()).contains("byte " + ends[3]));
    }

    @Test
    void zerosAfterTheLastRecordAreTruncated() throws IOException {
        // What some file systems leave when a crash persisted a file's new size but not its data.
        append(log, new byte[64 * 1024]);

        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(keys(store)).containsExactly("k0", "k1", "k2", "last");
            assertThat(Files.size(log)).isEqualTo(ends[3]);
        }
    }

    @ParameterizedTest(name = "flip byte {0} of the first record")
    @ValueSource(ints = {0, 5, 8, 12})
    void corruptionFollowedByValidRecordsRefusesToOpenAndLeavesTheLogAlone(int offset) throws IOException {
        long firstRecord = LogFormat.HEADER.length;
        flipByte(log, firstRecord + offset);
        byte[] damaged = Files.readAllBytes(log);

        assertThatThrownBy(() -> LogMetadataStore.open(directory))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining("metadata log " + log)
                .hasMessageContaining("corrupt at byte " + firstRecord)
                .hasMessageContaining("valid record at byte " + ends[0])
                .hasMessageContaining("refusing to open");

        assertThat(Files.readAllBytes(log)).isEqualTo(damaged);
        assertThat(CapturingLogProvider.events(Level.WARN)).isEmpty();
        // The refusal released the directory: once the log is dealt with, the store opens.
        Files.move(log, directory.resolve("metadata.log.damaged"));
        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(keys(store)).isEmpty();
        }
    }

    @Test
    void corruptionInTheMiddleRefusesToOpen() throws IOException {
        flipByte(log, ends[1] + 10);

        assertThatThrownBy(() -> LogMetadataStore.open(directory))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining("corrupt at byte " + ends[1])
                .hasMessageContaining("valid record at byte " + ends[2]);
    }

    @Test
    void aRecordWithAValidChecksumButUnknownContentRefusesToOpen() throws IOException {
        byte[] payload = {(byte) 0x7F, 1, 2, 3};
        ByteBuffer record = ByteBuffer.allocate(LogFormat.FRAME_OVERHEAD + payload.length);
        record.putInt(payload.length)
                .putInt(LogFormat.checksum(payload.length, payload, 0))
                .put(payload);
        append(log, record.array());

        assertThatThrownBy(() -> LogMetadataStore.open(directory))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining("record at byte " + ends[3])
                .hasMessageContaining("unknown record type 127")
                .hasMessageContaining("newer Cairn");
    }

    @Test
    void aFileThatIsNotAMetadataLogRefusesToOpen() throws IOException {
        Files.write(log, "{\"users\": []}\n".getBytes(US_ASCII));

        assertThatThrownBy(() -> LogMetadataStore.open(directory))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining(log.toString())
                .hasMessageContaining("not a Cairn metadata log");
    }

    @Test
    void aLogShorterThanItsHeaderRefusesToOpen() throws IOException {
        truncate(log, 3);

        assertThatThrownBy(() -> LogMetadataStore.open(directory))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining(log.toString())
                .hasMessageContaining("shorter than its 8-byte header");
    }

    @Test
    void aTemporaryFileLeftByAnInterruptedCompactionIsDeleted() throws IOException {
        Path tmp = directory.resolve(LogMetadataStore.TMP_FILE);
        Files.write(tmp, new byte[] {1, 2, 3});

        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(keys(store)).containsExactly("k0", "k1", "k2", "last");
        }

        assertThat(tmp).doesNotExist();
    }

    @Test
    void aMissingLogStartsEmpty() throws IOException {
        Files.delete(log);

        try (LogMetadataStore store = LogMetadataStore.open(directory)) {
            assertThat(keys(store)).isEmpty();
        }
        assertThat(Files.readAllBytes(log)).isEqualTo(LogFormat.HEADER);
    }
}
