package dev.cairn.trail.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.cairn.signing.PublicKeyInfo;
import dev.cairn.signing.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded signing key store: rotation by validity, owner-only files, reload, and public key ranges. */
class FileSigningKeyStoreTest {

    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path data;

    private Path keys() {
        return data.resolve("keys").resolve("digest");
    }

    @Test
    void firstUseCreatesAKeyValidForThirtyDaysByDefault() {
        FileSigningKeyStore store = FileSigningKeyStore.open(keys());

        SigningKey key = store.current("us-east-1", T0.plusMillis(750));

        assertThat(key.region()).isEqualTo("us-east-1");
        PublicKeyInfo info = key.publicKey();
        assertThat(info.validityStart()).isEqualTo(T0);
        assertThat(info.validityEnd()).isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(info.pkcs1Der()).hasSize(270);
        assertThat(info.fingerprint())
                .isEqualTo(PublicKeys.fingerprint(info.pkcs1Der()))
                .matches("[0-9a-f]{32}");
        assertThat(key.privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(key.toString()).doesNotContain("Private").contains(info.fingerprint());
    }

    @Test
    void keyStaysCurrentUntilItsValidityEndsThenRotates() {
        FileSigningKeyStore store = FileSigningKeyStore.open(keys(), Duration.ofDays(30));
        SigningKey first = store.current("us-east-1", T0);

        assertThat(store.current("us-east-1", T0.plus(Duration.ofDays(30)).minusSeconds(1)))
                .isSameAs(first);
        SigningKey second = store.current("us-east-1", T0.plus(Duration.ofDays(30)));

        assertThat(second.publicKey().fingerprint())
                .isNotEqualTo(first.publicKey().fingerprint());
        assertThat(second.publicKey().validityStart()).isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(store.current("us-east-1", T0.plus(Duration.ofDays(31)))).isSameAs(second);
    }

    @Test
    void wallClockSteppedBackKeepsTheCurrentKey() {
        FileSigningKeyStore store = FileSigningKeyStore.open(keys(), DAY);
        SigningKey key = store.current("us-east-1", T0);

        assertThat(store.current("us-east-1", T0.minusSeconds(30))).isSameAs(key);
    }

    @Test
    void regionsHaveTheirOwnKeys() {
        FileSigningKeyStore store = FileSigningKeyStore.open(keys());

        SigningKey east = store.current("us-east-1", T0);
        SigningKey west = store.current("eu-west-1", T0);

        assertThat(east.publicKey().fingerprint()).isNotEqualTo(west.publicKey().fingerprint());
        assertThat(store.publicKeys("eu-west-1", T0, T0))
                .extracting(PublicKeyInfo::fingerprint)
                .containsExactly(west.publicKey().fingerprint());
    }

    @Test
    void concurrentFirstCallersGetTheSameKey() throws Exception {
        FileSigningKeyStore store = FileSigningKeyStore.open(keys());
        int callers = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<SigningKey>> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            for (int i = 0; i < callers; i++) {
                Callable<SigningKey> call = () -> {
                    start.await();
                    return store.current("us-east-1", T0);
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            SigningKey first = results.get(0).get();
            for (Future<SigningKey> result : results) {
                assertThat(result.get()).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(files(keys().resolve("us-east-1"))).hasSize(2);
    }

    @Test
    void keysSurviveARestart() throws GeneralSecurityException {
        FileSigningKeyStore store = FileSigningKeyStore.open(keys(), DAY);
        SigningKey old = store.current("us-east-1", T0);
        SigningKey current = store.current("us-east-1", T0.plus(DAY));

        FileSigningKeyStore reopened = FileSigningKeyStore.open(keys(), DAY);
        SigningKey reloaded = reopened.current("us-east-1", T0.plus(DAY).plusSeconds(60));

        assertThat(reloaded.publicKey().fingerprint())
                .isEqualTo(current.publicKey().fingerprint());
        assertThat(reloaded.publicKey().validityStart())
                .isEqualTo(current.publicKey().validityStart());
        assertThat(reloaded.publicKey().validityEnd())
                .isEqualTo(current.publicKey().validityEnd());
        assertThat(reloaded.privateKey().getEncoded())
                .isEqualTo(current.privateKey().getEncoded());
        assertThat(reopened.publicKeys("us-east-1", T0, T0.plus(DAY)))
                .extracting(PublicKeyInfo::fingerprint)
                .containsExactly(
                        old.publicKey().fingerprint(), current.publicKey().fingerprint());

        // the reloaded private key still signs what the public key verifies
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(reloaded.privateKey());
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(PublicKeys.fromPkcs1Der(reloaded.publicKey().pkcs1Der()));
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void retiredPrivateKeyIsDeletedAndItsPublicKeyKept() throws IOException {
        FileSigningKeyStore store = FileSigningKeyStore.open(keys(), DAY);
        SigningKey old = store.current("us-east-1", T0);
        SigningKey current = store.current("us-east-1", T0.plus(DAY));

        String oldId = "20240501T000000Z-" + old.publicKey().fingerprint();
        String currentId = "20240502T000000Z-" + current.publicKey().fingerprint();
        assertThat(files(keys().resolve("us-east-1")))
                .containsExactlyInAnyOrder(oldId + ".public", currentId + ".public", currentId + ".private");
    }

    @Test
    void keyFilesAreOwnerOnly() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        FileSigningKeyStore store = FileSigningKeyStore.open(keys());
        store.current("us-east-1", T0);

        assertThat(mode(keys())).isEqualTo("rwx------");
        assertThat(mode(keys().resolve("us-east-1"))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(keys().resolve("us-east-1"))) {
            for (Path file : files.toList()) {
                assertThat(mode(file)).as("mode of %s", file).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void privateKeyOpenToOthersIsRefusedOnOpen() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        FileSigningKeyStore.open(keys()).current("us-east-1", T0);
        Path privateFile = only(keys().resolve("us-east-1"), ".private");
        Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> FileSigningKeyStore.open(keys()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(privateFile.toString())
                .hasMessageContaining("0600");
    }

    @Test
    void publicKeysAreThoseOverlappingTheRangeOldestFirst() {
        FileSigningKeyStore store = FileSigningKeyStore.open(keys(), DAY);
        String k1 = store.current("us-east-1", T0).publicKey().fingerprint(); // [T0, T0+1d]
        String k2 = store.current("us-east-1", T0.plus(DAY)).publicKey().fingerprint(); // [T0+1d, T0+2d]
        String k3 = store.current("us-east-1", T0.plus(Duration.ofDays(5)))
                .publicKey()
                .fingerprint(); // [+5d, +6d]

        assertThat(fingerprints(store, T0.minus(DAY), T0.plus(Duration.ofDays(10))))
                .containsExactly(k1, k2, k3);
        assertThat(fingerprints(store, T0.plusSeconds(10), T0.plusSeconds(20))).containsExactly(k1);
        assertThat(fingerprints(store, T0.plus(DAY), T0.plus(DAY)))
                .as("bounds are inclusive")
                .containsExactly(k1, k2);
        assertThat(fingerprints(store, T0.plus(Duration.ofDays(3)), T0.plus(Duration.ofDays(4))))
                .isEmpty();
        assertThat(fingerprints(store, T0.plus(Duration.ofDays(4)), T0.plus(Duration.ofDays(5))))
                .containsExactly(k3);
        assertThat(fingerprints(store, T0.minus(DAY), T0.minusSeconds(1))).isEmpty();
        assertThat(store.publicKeys("eu-north-1", T0, T0.plus(DAY))).isEmpty();
        assertThatThrownBy(() -> store.publicKeys("us-east-1", T0.plus(DAY), T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after its end");
    }

    @Test
    void leftoversOfAnInterruptedCreationAreDeletedOnOpen() throws IOException {
        FileSigningKeyStore.open(keys(), DAY).current("us-east-1", T0);
        Path region = keys().resolve("us-east-1");
        Files.write(region.resolve("20240509T000000Z-00000000000000000000000000000000.private"), new byte[] {1});
        Files.write(region.resolve("20240509T000000Z-00000000000000000000000000000000.public.tmp"), new byte[] {1});

        FileSigningKeyStore store = FileSigningKeyStore.open(keys(), DAY);

        assertThat(files(region)).hasSize(2).allMatch(name -> !name.startsWith("20240509"));
        assertThat(store.publicKeys("us-east-1", T0, T0)).hasSize(1);
    }

    @Test
    void damagedPublicKeyFileIsReportedByName() throws IOException {
        FileSigningKeyStore.open(keys()).current("us-east-1", T0);
        Path publicFile = only(keys().resolve("us-east-1"), ".public");
        Files.writeString(
                publicFile,
                Files.readString(publicFile, StandardCharsets.UTF_8).replace("validityEnd=", "validityEnd=x"),
                StandardCharsets.UTF_8);

        assertThatThrownBy(() -> FileSigningKeyStore.open(keys()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(publicFile.toString())
                .hasMessageContaining("damaged");
    }

    @Test
    void regionNamesThatAreNotRegionsAreRefused() {
        FileSigningKeyStore store = FileSigningKeyStore.open(keys());

        assertThatThrownBy(() -> store.current("../etc", T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'../etc'");
        assertThatThrownBy(() -> FileSigningKeyStore.open(keys(), Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one second");
    }

    private static List<String> fingerprints(FileSigningKeyStore store, Instant from, Instant to) {
        return store.publicKeys("us-east-1", from, to).stream()
                .map(PublicKeyInfo::fingerprint)
                .toList();
    }

    private static List<String> files(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Path only(Path dir, String suffix) {
        List<String> matching =
                files(dir).stream().filter(n -> n.endsWith(suffix)).toList();
        assertThat(matching).hasSize(1);
        return dir.resolve(matching.get(0));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
