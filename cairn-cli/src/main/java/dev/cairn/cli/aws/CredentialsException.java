package dev.cairn.cli.aws;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * No usable credentials were found: the message says where the CLI looked, and {@link #problem()} what was
 * wrong, for a command that words it otherwise.
 */
public final class CredentialsException extends Exception {
    /** What kept {@link CredentialSource#resolve} from finding a key. */
    public enum Problem {
        /** Only one of {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} is set, and no profile was named. */
        HALF_A_KEY_IN_THE_ENVIRONMENT,
        /** The credentials file does not exist. */
        NO_FILE,
        /** The credentials file could not be read; the cause says why. */
        UNREADABLE_FILE,
        /** The credentials file lacks the profile, or the profile lacks the key id or the secret. */
        NO_PROFILE
    }

    private final Problem problem;
    private final Path file;

    CredentialsException(Problem problem, Path file, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.problem = requireNonNull(problem, "problem is null");
        this.file = requireNonNull(file, "file is null");
    }

    /** Returns what was wrong. */
    public Problem problem() {
        return problem;
    }

    /** Returns the credentials file that was (or would have been) read. */
    public Path file() {
        return file;
    }
}
