package dev.cairn.server.bootstrap;

import static java.util.Objects.requireNonNull;

import dev.cairn.identity.AccessKey;
import dev.cairn.identity.IdentityDirectory;
import dev.cairn.identity.IdentityException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin IAM user of the default account and its access key, created on first start and written to
 * {@code <data>/credentials} in the AWS shared-credentials format (profile {@code cairn}, mode 0600), so
 * that the aws CLI, boto3 and the SDKs can use them with {@code AWS_SHARED_CREDENTIALS_FILE}.
 *
 * <p>On later starts the file is the source of truth: if the key it names is missing from the store
 * (after a reset), it is imported again with the same secret, so that clients keep working.
 */
public final class AdminCredentials {
    public static final String USER_NAME = "admin";
    public static final String PROFILE = "cairn";
    private static final Logger log = LoggerFactory.getLogger(AdminCredentials.class);

    private final Path file;
    private final String accessKeyId;

    private AdminCredentials(Path file, String accessKeyId) {
        this.file = file;
        this.accessKeyId = accessKeyId;
    }

    /** Returns the credentials file. */
    public Path file() {
        return file;
    }

    /** Returns the admin access key id (never the secret). */
    public String accessKeyId() {
        return accessKeyId;
    }

    /** Makes sure the admin user, its key and the credentials file exist and agree. */
    public static AdminCredentials ensure(IdentityDirectory directory, String accountId, Path dataDirectory) {
        requireNonNull(directory, "directory is null");
        Path file = dataDirectory.resolve("credentials");
        if (directory.findUser(accountId, USER_NAME).isEmpty()) {
            try {
                directory.createUser(accountId, USER_NAME, "/");
                log.info("created the admin IAM user '{}' in account {}", USER_NAME, accountId);
            } catch (IdentityException e) {
                // created concurrently: fine
            }
        }
        Optional<Map<String, String>> existing = readProfile(file);
        if (existing.isPresent()) {
            String id = existing.get().get("aws_access_key_id");
            String secret = existing.get().get("aws_secret_access_key");
            if (id != null && secret != null) {
                if (directory.findKey(id).isEmpty()) {
                    directory.importAccessKey(accountId, USER_NAME, id, secret);
                    log.info("restored the admin access key {} from {}", id, file);
                }
                return new AdminCredentials(file, id);
            }
            log.warn("{} has no complete [{}] profile; writing a new admin key", file, PROFILE);
        }
        List<AccessKey> keys = directory.listAccessKeys(accountId, USER_NAME);
        if (keys.size() >= IdentityDirectory.MAX_KEYS_PER_USER) {
            AccessKey oldest = keys.stream()
                    .min(Comparator.comparing(AccessKey::createDate))
                    .orElseThrow();
            directory.deleteAccessKey(accountId, USER_NAME, oldest.accessKeyId());
        }
        AccessKey key = directory.createAccessKey(accountId, USER_NAME);
        write(file, key);
        log.info("wrote the admin access key {} to {} (profile '{}')", key.accessKeyId(), file, PROFILE);
        return new AdminCredentials(file, key.accessKeyId());
    }

    private static void write(Path file, AccessKey key) {
        String text = "[" + PROFILE + "]\n"
                + "aws_access_key_id = " + key.accessKeyId() + "\n"
                + "aws_secret_access_key = " + key.secretAccessKey() + "\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(
                        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                // raced with another writer; overwrite below
            }
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin credentials to " + file, e);
        }
    }

    /** Reads the {@code [cairn]} profile of a shared-credentials file, if the file exists. */
    static Optional<Map<String, String>> readProfile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> values = new TreeMap<>();
        @Nullable String section = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                continue;
            }
            int eq = line.indexOf('=');
            if (PROFILE.equals(section) && eq > 0) {
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return values.isEmpty() ? Optional.empty() : Optional.of(values);
    }
}
