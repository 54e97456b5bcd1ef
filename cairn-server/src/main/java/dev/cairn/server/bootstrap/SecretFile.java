package dev.cairn.server.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** A random secret kept in an owner-only file of the data directory, made on first use. */
public final class SecretFile {
    private SecretFile() {}

    /** Returns the secret in {@code file}, creating it with {@code length} random bytes if it is missing. */
    public static byte[] loadOrCreate(Path file, int length) {
        try {
            if (Files.isRegularFile(file)) {
                byte[] secret = Files.readAllBytes(file);
                if (secret.length >= length) {
                    return secret;
                }
                throw new IllegalStateException(file + " holds " + secret.length + " bytes; a secret of " + length
                        + " is needed. Delete it to make a new one.");
            }
            Files.createDirectories(file.getParent());
            byte[] secret = new byte[length];
            new SecureRandom().nextBytes(secret);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(
                        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.write(tmp, secret);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret " + file, e);
        }
    }
}
