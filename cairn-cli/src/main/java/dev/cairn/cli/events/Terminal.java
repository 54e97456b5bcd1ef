package dev.cairn.cli.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is a terminal, which Java does not tell directly: on Linux by where
 * {@code /proc/self/fd/2} points (a {@code /dev/pts/N} or {@code /dev/ttyN}); elsewhere by whether
 * {@link System#console()} exists, which holds when standard input and output are a terminal.
 */
final class Terminal {
    private Terminal() {}

    static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(fd)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                // fall through to the portable guess
            }
        }
        return System.console() != null;
    }
}
