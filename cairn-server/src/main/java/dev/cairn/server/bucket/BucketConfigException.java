package dev.cairn.server.bucket;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A bucket configuration file that Cairn refuses to start with. The message names the file, the line, the
 * bad value (never a secret) and the rule it breaks, such as {@code buckets.ini:4: path_style 'yes' must be
 * true or false}.
 */
public final class BucketConfigException extends IllegalArgumentException {
    private final Path file;
    private final int line;

    BucketConfigException(Path file, int line, String problem) {
        this(file, line, problem, null);
    }

    BucketConfigException(Path file, int line, String problem, @Nullable Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    /** Returns the file. */
    public Path file() {
        return file;
    }

    /** Returns the line the problem is on, from 1, or 0 when it concerns the whole file. */
    public int line() {
        return line;
    }
}
