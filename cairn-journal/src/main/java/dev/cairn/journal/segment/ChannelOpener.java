package dev.cairn.journal.segment;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/** Opens a file of a journal; tests substitute channels that fail on demand. */
@FunctionalInterface
interface ChannelOpener {

    /** Opens files with {@link FileChannel#open(Path, OpenOption...)}. */
    ChannelOpener SYSTEM = FileChannel::open;

    FileChannel open(Path file, OpenOption... options) throws IOException;
}
