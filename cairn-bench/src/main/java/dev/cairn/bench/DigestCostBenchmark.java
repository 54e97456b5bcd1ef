package dev.cairn.bench;

import dev.cairn.signing.SigningKey;
import dev.cairn.trail.digest.DigestChain;
import dev.cairn.trail.digest.DigestTarget;
import dev.cairn.trail.digest.DigestWriter;
import dev.cairn.trail.digest.LogFileEntry;
import dev.cairn.trail.digest.LogFileKeys;
import dev.cairn.trail.digest.SignedDigest;
import dev.cairn.trail.keys.FileSigningKeyStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a trail's digests: writing one hourly digest file with {@link DigestWriter#write} (the JSON
 * listing the hour's log files, its SHA-256, its {@code SHA256withRSA} signature with a real RSA-2048 key,
 * and its gzip), for hours of 0, 12 and 720 log files (an idle hour, and an hour at 5-minute and at
 * 5-second flushes); and the cost of one signing-key rotation, as RSA-2048 generation alone and as
 * {@link FileSigningKeyStore} does it (generation, two files written atomically, directory syncs, the
 * retired private key deleted).
 *
 * <p>The digest's size (JSON and gzip'd bytes) is printed once per {@code logFiles} value at set-up; JMH
 * reports the time. Run with {@code cairn-bench/scripts/run_jmh.sh DigestCostBenchmark}; key files go
 * under {@code -Dcairn.bench.dir} (default: the temporary directory).
 */
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DigestCostBenchmark {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";
    static final String BUCKET = "bench-trail";
    static final Instant HOUR = Instant.parse("2026-11-23T10:00:00Z");

    /** One digest's inputs: its chain, the hour's log files and the region's key. */
    @State(Scope.Benchmark)
    public static class Digest {
        @Param({"0", "12", "720"})
        public int logFiles;

        Path directory;
        DigestTarget target;
        List<LogFileEntry> files;
        DigestChain previous;
        SigningKey key;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            directory = Files.createTempDirectory(benchDirectory(), "cairn-digest-bench-");
            key = FileSigningKeyStore.open(directory.resolve("keys")).current(REGION, HOUR.minusSeconds(3600));
            target = new DigestTarget("bench", REGION, ACCOUNT, REGION, BUCKET, null);
            SplittableRandom random = new SplittableRandom(42);
            files = new ArrayList<>(logFiles);
            long spacing = logFiles == 0 ? 0 : 3600 / logFiles;
            for (int i = 0; i < logFiles; i++) {
                Instant delivered = HOUR.plusSeconds((i + 1) * spacing);
                byte[] hash = new byte[32];
                random.nextBytes(hash);
                files.add(new LogFileEntry(
                        BUCKET,
                        LogFileKeys.logFileKey(null, ACCOUNT, REGION, delivered, LogFileKeys.randomUnique(random)),
                        HexFormat.of().formatHex(hash),
                        delivered.minusSeconds(1),
                        delivered.minusSeconds(spacing)));
            }
            // The previous hour's digest, so that this one carries a full chain link as it does in a chain.
            previous = DigestWriter.write(target, HOUR.minusSeconds(3600), HOUR, List.of(), null, key)
                    .chain();
            SignedDigest sample = write();
            System.out.printf(
                    "%ndigest of %d log files: %d bytes of JSON, %d bytes gzip'd%n",
                    logFiles, sample.json().length, sample.gzip().length);
        }

        SignedDigest write() {
            return DigestWriter.write(target, HOUR, HOUR.plusSeconds(3600), files, previous, key);
        }

        @TearDown(Level.Trial)
        public void remove() throws IOException {
            delete(directory);
        }
    }

    /** A key store whose keys sign for one second, so that each call past that second rotates. */
    @State(Scope.Benchmark)
    public static class Keys {
        Path directory;
        FileSigningKeyStore store;
        Instant now = HOUR;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            directory = Files.createTempDirectory(benchDirectory(), "cairn-key-bench-");
            store = FileSigningKeyStore.open(directory.resolve("keys"), Duration.ofSeconds(1));
            store.current(REGION, now);
        }

        @TearDown(Level.Trial)
        public void remove() throws IOException {
            delete(directory);
        }
    }

    /** One hourly digest: JSON, SHA-256, RSA-2048 signature, gzip. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public SignedDigest writeDigest(Digest digest) {
        return digest.write();
    }

    /** One RSA-2048 key pair, as a rotation generates it (the time varies a lot: primes are searched). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public KeyPair generateRsa2048() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
        return generator.generateKeyPair();
    }

    /** One whole rotation in the key store: a new key generated, written and synced, the old one retired. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public SigningKey rotateStoredKey(Keys keys) {
        keys.now = keys.now.plusSeconds(1);
        return keys.store.current(REGION, keys.now);
    }

    static Path benchDirectory() {
        return Path.of(System.getProperty("cairn.bench.dir", System.getProperty("java.io.tmpdir")));
    }

    static void delete(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
