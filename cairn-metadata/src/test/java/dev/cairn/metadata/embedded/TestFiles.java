package dev.cairn.metadata.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.metadata.MetadataBatch;
import dev.cairn.metadata.MetadataEntry;
import dev.cairn.metadata.MetadataStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/** Small helpers shared by the tests of the embedded store. */
final class TestFiles {

    static final String USERS = "users";

    private TestFiles() {}

    static MetadataBatch put(String key, String value) {
        return MetadataBatch.builder().put(USERS, key, value.getBytes(UTF_8)).build();
    }

    static Optional<String> read(MetadataStore store, String key) {
        return store.get(USERS, key).map(v -> new String(v, UTF_8));
    }

    static List<String> keys(MetadataStore store) {
        return store.list(USERS, "").stream().map(MetadataEntry::key).toList();
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[Math.toIntExact(offset)] ^= (byte) 0x5A;
        Files.write(file, bytes);
    }

    static void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }
}
