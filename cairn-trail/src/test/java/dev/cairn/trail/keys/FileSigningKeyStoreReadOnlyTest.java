package dev.cairn.trail.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.signing.PublicKeyInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileSigningKeyStore#readPublicKeys} reads what a store wrote, and changes nothing. */
class FileSigningKeyStoreReadOnlyTest {

    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

    @TempDir
    Path directory;

    @Test
    void readsThePublicKeysAStoreWouldListWithoutTouchingTheDirectory() throws IOException {
        FileSigningKeyStore store = FileSigningKeyStore.open(directory, Duration.ofDays(30));
        store.current("us-east-1", T0);
        store.current("us-east-1", T0.plus(Duration.ofDays(31)));
        // What a store being written by a running server may hold: a half-written file and a new private key.
        Path region = directory.resolve("us-east-1");
        Files.write(region.resolve("20240701T000000Z-00000000000000000000000000000000.public.tmp"), new byte[] {1});
        Files.write(region.resolve("20240701T000000Z-00000000000000000000000000000000.private"), new byte[] {1});
        List<Path> before = files(region);

        List<PublicKeyInfo> all = FileSigningKeyStore.readPublicKeys(
                directory, "us-east-1", Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
        List<PublicKeyInfo> first =
                FileSigningKeyStore.readPublicKeys(directory, "us-east-1", T0, T0.plus(Duration.ofDays(1)));

        assertThat(all)
                .extracting(PublicKeyInfo::fingerprint)
                .containsExactlyElementsOf(
                        store.publicKeys("us-east-1", Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")).stream()
                                .map(PublicKeyInfo::fingerprint)
                                .toList());
        assertThat(all).hasSize(2);
        assertThat(first).extracting(PublicKeyInfo::validityStart).containsExactly(T0);
        assertThat(files(region)).isEqualTo(before);
    }

    @Test
    void missingDirectoryOrRegionHasNoKeysAndIsNotCreated() {
        Path missing = directory.resolve("nothing-here");

        assertThat(FileSigningKeyStore.readPublicKeys(missing, "us-east-1", Instant.EPOCH, T0))
                .isEmpty();
        assertThat(missing).doesNotExist();
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
