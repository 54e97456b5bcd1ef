package dev.cairn.trail.keys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.cairn.signing.PublicKeyInfo;
import dev.cairn.signing.SigningKey;
import dev.cairn.signing.SigningKeyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link SigningKeyStore}: RSA-2048 key pairs in owner-only files under one directory, one pair
 * per region at a time, each signing for a fixed validity period (30 days unless configured) from the moment
 * it is first needed.
 *
 * <pre>
 * directory/                              mode 0700
 *   region/                               mode 0700, e.g. us-east-1/
 *     id.public                           mode 0600, kept forever:
 *                                           "validityStart=" ISO-8601 "\n"
 *                                           "validityEnd=" ISO-8601 "\n"
 *                                           "pkcs1=" base64(PKCS#1 RSAPublicKey DER) "\n"
 *     id.private                          mode 0600, PKCS#8 DER; only the region's newest key has one
 * id = yyyyMMdd'T'HHmmss'Z' (validity start, UTC) "-" fingerprint (32 lowercase hex)
 * </pre>
 *
 * <p>Notes. A new key is written private half first, then public half; the {@code .public} file is the
 * commit, so a {@code .private} file without its {@code .public} is the leftover of an interrupted creation
 * (that key never signed anything) and is deleted on open. Once a newer key is durable, the older private
 * key is deleted: a retired key can never sign again, and its public half stays for verification. A key
 * stays current until its validity end even if {@code now} goes back before its start (a wall clock
 * stepped back must not rotate keys). Validity bounds are whole seconds, because ListPublicKeys answers in
 * epoch seconds. One store instance must own the directory; the server's data-directory lock ensures that.
 */
public final class FileSigningKeyStore implements SigningKeyStore {

    /** How long a key signs when no validity period is configured. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

    private static final Logger log = LoggerFactory.getLogger(FileSigningKeyStore.class);

    private static final int KEY_BITS = 2048;
    private static final String PUBLIC_SUFFIX = ".public";
    private static final String PRIVATE_SUFFIX = ".private";
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern ID = Pattern.compile("(\\d{8}T\\d{6}Z)-([0-9a-f]{32})");
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Comparator<StoredKey> OLDEST_FIRST = Comparator.comparing(
                    (StoredKey k) -> k.info().validityStart())
            .thenComparing(k -> k.info().validityEnd())
            .thenComparing(StoredKey::id);

    private final Path directory;
    private final Duration validity;
    private final KeyFiles files = new KeyFiles();
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, RegionKeys> regions = new HashMap<>(); // guarded by lock

    private FileSigningKeyStore(Path directory, Duration validity) {
        this.directory = directory;
        this.validity = validity;
    }

    /** Opens the store in {@code directory} with keys valid for {@link #DEFAULT_VALIDITY}. */
    public static FileSigningKeyStore open(Path directory) {
        return open(directory, DEFAULT_VALIDITY);
    }

    /**
     * Opens the store in {@code directory}, creating it (mode 0700) if it is missing and reading the keys it
     * holds; new keys sign for {@code validity}.
     *
     * @throws IllegalArgumentException if {@code validity} is shorter than one second
     * @throws IllegalStateException if a key file is damaged or a private key file is open to others
     * @throws UncheckedIOException if the directory cannot be read or created
     */
    public static FileSigningKeyStore open(Path directory, Duration validity) {
        requireNonNull(directory, "directory is null");
        requireNonNull(validity, "validity is null");
        if (validity.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("key validity " + validity + " must be at least one second");
        }
        FileSigningKeyStore store = new FileSigningKeyStore(directory, validity);
        try {
            store.files.createOwnerOnlyDirectory(directory);
            store.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing keys in " + directory + ": " + e, e);
        }
        return store;
    }

    /** Returns the directory the keys are kept in. */
    public Path directory() {
        return directory;
    }

    /** Returns how long each new key signs. */
    public Duration validity() {
        return validity;
    }

    @Override
    public SigningKey current(String region, Instant now) {
        checkRegion(region);
        requireNonNull(now, "now is null");
        lock.lock();
        try {
            RegionKeys keys = regions.computeIfAbsent(region, r -> new RegionKeys());
            SigningKey current = keys.current;
            if (current != null && now.isBefore(current.publicKey().validityEnd())) {
                return current;
            }
            return rotate(region, keys, now);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create a signing key for region " + region + " in " + directory + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<PublicKeyInfo> publicKeys(String region, Instant from, Instant to) {
        checkRegion(region);
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("time range start " + from + " is after its end " + to);
        }
        lock.lock();
        try {
            RegionKeys keys = regions.get(region);
            if (keys == null) {
                return List.of();
            }
            List<PublicKeyInfo> overlapping = new ArrayList<>();
            for (StoredKey key : keys.all) {
                PublicKeyInfo info = key.info();
                if (!info.validityStart().isAfter(to) && !info.validityEnd().isBefore(from)) {
                    overlapping.add(info);
                }
            }
            return List.copyOf(overlapping);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the public keys of {@code region} kept in {@code directory} whose validity overlaps {@code [from,
     * to]}, oldest first, without opening a store: nothing is created, deleted or locked, so it is safe while
     * a running server owns the directory (a key being written is seen once its {@code .public} file is
     * there). An empty list when the directory or the region has no keys.
     *
     * @throws IllegalStateException if a public key file is damaged
     * @throws UncheckedIOException if the directory cannot be read
     */
    public static List<PublicKeyInfo> readPublicKeys(Path directory, String region, Instant from, Instant to) {
        requireNonNull(directory, "directory is null");
        checkRegion(region);
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        Path regionDirectory = directory.resolve(region);
        if (!Files.isDirectory(regionDirectory)) {
            return List.of();
        }
        List<StoredKey> keys = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(regionDirectory, "*" + PUBLIC_SUFFIX)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String id = name.substring(0, name.length() - PUBLIC_SUFFIX.length());
                keys.add(new StoredKey(id, readPublic(entry, id)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the public keys in " + regionDirectory + ": " + e, e);
        }
        keys.sort(OLDEST_FIRST);
        List<PublicKeyInfo> overlapping = new ArrayList<>();
        for (StoredKey key : keys) {
            PublicKeyInfo info = key.info();
            if (!info.validityStart().isAfter(to) && !info.validityEnd().isBefore(from)) {
                overlapping.add(info);
            }
        }
        return List.copyOf(overlapping);
    }

    private SigningKey rotate(String region, RegionKeys keys, Instant now) throws IOException {
        Instant start = now.truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plus(validity);
        KeyPair pair = generate();
        PublicKeyInfo info = PublicKeys.info((RSAPublicKey) pair.getPublic(), start, end);
        String id = ID_TIME.format(start) + "-" + info.fingerprint();
        Path regionDirectory = directory.resolve(region);
        files.createOwnerOnlyDirectory(regionDirectory);
        files.syncDirectory(directory);
        files.writeAtomically(
                regionDirectory.resolve(id + PRIVATE_SUFFIX), pair.getPrivate().getEncoded());
        files.writeAtomically(regionDirectory.resolve(id + PUBLIC_SUFFIX), encodePublic(info));
        files.syncDirectory(regionDirectory);

        SigningKey key = new SigningKey(region, pair.getPrivate(), info);
        @Nullable String retired = keys.currentId;
        keys.current = key;
        keys.currentId = id;
        keys.all.add(new StoredKey(id, info));
        keys.all.sort(OLDEST_FIRST);
        log.info(
                "Created digest signing key {} for region {}, valid from {} to {}",
                info.fingerprint(),
                region,
                start,
                end);
        if (retired != null) {
            try {
                Files.deleteIfExists(regionDirectory.resolve(retired + PRIVATE_SUFFIX));
                files.syncDirectory(regionDirectory);
            } catch (IOException e) {
                // The new key is in use either way; the next open deletes the leftover.
                log.warn("Cannot delete the retired private key {} of region {}: {}", retired, region, e.toString());
            }
        }
        return key;
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String region = entry.getFileName().toString();
                if (Files.isDirectory(entry) && REGION.matcher(region).matches()) {
                    regions.put(region, loadRegion(region, entry));
                }
            }
        }
    }

    private RegionKeys loadRegion(String region, Path regionDirectory) throws IOException {
        RegionKeys keys = new RegionKeys();
        List<String> privateIds = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(regionDirectory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(KeyFiles.TMP_SUFFIX)) {
                    Files.delete(entry); // a write that a crash interrupted; its target is intact
                } else if (name.endsWith(PUBLIC_SUFFIX)) {
                    String id = name.substring(0, name.length() - PUBLIC_SUFFIX.length());
                    keys.all.add(new StoredKey(id, readPublic(entry, id)));
                } else if (name.endsWith(PRIVATE_SUFFIX)) {
                    privateIds.add(name.substring(0, name.length() - PRIVATE_SUFFIX.length()));
                }
            }
        }
        keys.all.sort(OLDEST_FIRST);
        @Nullable StoredKey newest = keys.all.isEmpty() ? null : keys.all.getLast();
        boolean deleted = false;
        for (String id : privateIds) {
            Path file = regionDirectory.resolve(id + PRIVATE_SUFFIX);
            if (newest != null && newest.id().equals(id)) {
                keys.current = new SigningKey(region, readPrivate(file, newest.info()), newest.info());
                keys.currentId = id;
            } else {
                // Never committed (no .public) or retired by a rotation whose clean-up a crash interrupted.
                Files.delete(file);
                deleted = true;
                log.info("Deleted private key {} of region {}, which no longer signs", id, region);
            }
        }
        if (deleted) {
            files.syncDirectory(regionDirectory);
        }
        return keys;
    }

    private PrivateKey readPrivate(Path file, PublicKeyInfo info) throws IOException {
        if (files.isOpenToOthers(file)) {
            throw new IllegalStateException("private key file " + file
                    + " may be read or written by others than its owner; it must have mode 0600 (chmod 600 it)");
        }
        RSAPrivateCrtKey key;
        try {
            key = (RSAPrivateCrtKey)
                    KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(file)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException(
                    "private key file " + file + " does not hold a PKCS#8 RSA private key; it is damaged", e);
        }
        RSAPublicKey expected = PublicKeys.fromPkcs1Der(info.pkcs1Der());
        if (!key.getModulus().equals(expected.getModulus())
                || !key.getPublicExponent().equals(expected.getPublicExponent())) {
            throw new IllegalStateException("private key file " + file + " does not match the public key "
                    + info.fingerprint() + " of the same name; it is damaged");
        }
        return key;
    }

    private static PublicKeyInfo readPublic(Path file, String id) {
        Matcher name = ID.matcher(id);
        if (!name.matches()) {
            throw new IllegalStateException("public key file " + file
                    + " is not named <yyyyMMddTHHmmssZ>-<fingerprint>.public; remove it from the key directory");
        }
        String text;
        try {
            text = Files.readString(file, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read public key file " + file + ": " + e, e);
        }
        String[] lines = text.split("\n", -1);
        try {
            if (lines.length != 4
                    || !lines[0].startsWith("validityStart=")
                    || !lines[1].startsWith("validityEnd=")
                    || !lines[2].startsWith("pkcs1=")
                    || !lines[3].isEmpty()) {
                throw new IllegalArgumentException("its layout is wrong");
            }
            Instant start = Instant.parse(lines[0].substring("validityStart=".length()));
            Instant end = Instant.parse(lines[1].substring("validityEnd=".length()));
            byte[] der = Base64.getDecoder().decode(lines[2].substring("pkcs1=".length()));
            PublicKeys.fromPkcs1Der(der);
            String fingerprint = PublicKeys.fingerprint(der);
            if (!fingerprint.equals(name.group(2)) || !ID_TIME.format(start).equals(name.group(1))) {
                throw new IllegalArgumentException("its content does not match its name");
            }
            return new PublicKeyInfo(der, start, end, fingerprint);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalStateException("public key file " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    private static byte[] encodePublic(PublicKeyInfo info) {
        return ("validityStart=" + info.validityStart() + "\n"
                        + "validityEnd=" + info.validityEnd() + "\n"
                        + "pkcs1=" + Base64.getEncoder().encodeToString(info.pkcs1Der()) + "\n")
                .getBytes(UTF_8);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(KEY_BITS, RSAKeyGenParameterSpec.F4));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate RSA-" + KEY_BITS + " keys", e);
        }
    }

    private static void checkRegion(String region) {
        requireNonNull(region, "region is null");
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region '" + region + "' must be 1 to 64 characters from a-z 0-9 -");
        }
    }

    /** A region's keys: every public half, oldest first, and the newest key with its private half. */
    private static final class RegionKeys {
        final List<StoredKey> all = new ArrayList<>();

        @Nullable
        SigningKey current;

        @Nullable
        String currentId;
    }

    private record StoredKey(String id, PublicKeyInfo info) {}
}
