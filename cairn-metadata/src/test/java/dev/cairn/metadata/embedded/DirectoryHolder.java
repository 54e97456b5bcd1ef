package dev.cairn.metadata.embedded;

import static dev.cairn.metadata.embedded.TestFiles.put;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens a {@link LogMetadataStore} in a process of its own and holds it until its standard input closes,
 * so that a test can check the directory lock across processes.
 */
public final class DirectoryHolder {
    static final String READY = "open";

    private DirectoryHolder() {}

    public static void main(String[] args) throws IOException {
        try (LogMetadataStore store = LogMetadataStore.open(Path.of(args[0]))) {
            store.apply(put("holder", "was here"));
            System.out.println(READY);
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our input
            }
        }
    }
}
