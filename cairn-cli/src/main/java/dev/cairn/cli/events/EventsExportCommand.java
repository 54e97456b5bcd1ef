package dev.cairn.cli.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.cairn.cli.aws.AwsErrorException;
import dev.cairn.history.HistoryEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn events export}: every event that matches, streamed page by page to standard output or a
 * file, as JSON in the layout of a trail's log file or as CSV; the console's Download without its limits.
 *
 * <p>Nothing but the current page is held in memory. A file named with {@code --out} is written beside
 * itself as {@code <name>.part} and moved into place only when the export is complete, so a failed export
 * leaves no half file under the real name.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write every event that has all the attributes given and falls in the time range, newest first,"
                    + " as JSON ({\"Records\":[...]}) or CSV.",
            "Pages through LookupEvents 50 events at a time; throttling is retried with backoff. A progress line"
                    + " is shown on standard error when it is a terminal, and a one-line summary at the end."
        })
final class EventsExportCommand implements Callable<Integer> {
    /** The file formats. */
    enum Format {
        /** {@code {"Records":[...]}}, one CloudTrail record per line. */
        JSON,
        /** A header row, then one row per event, RFC 4180. */
        CSV
    }

    /** When to draw the progress line. */
    enum Progress {
        /** When standard error is a terminal. */
        AUTO,
        ALWAYS,
        NEVER
    }

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-f", "--format"},
            paramLabel = "FORMAT",
            defaultValue = "json",
            description = "json or csv (default ${DEFAULT-VALUE}).")
    Format format = Format.JSON;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    @Nullable
    Path out;

    @Mixin
    FilterOptions filter = new FilterOptions();

    @Option(
            names = "--progress",
            paramLabel = "WHEN",
            defaultValue = "auto",
            description = "auto (when standard error is a terminal), always or never (default ${DEFAULT-VALUE}).")
    Progress progress = Progress.AUTO;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    private final CliContext context;

    EventsExportCommand() {
        this(CliContext.system());
    }

    EventsExportCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        AttributeCriteria criteria = filter.criteria(spec);
        Instant now = context.clock().now();
        FilterOptions.Range range = filter.range(spec, now);
        URI endpoint = connection.endpoint(spec);
        String region = connection.region(spec);
        // A fixed end keeps every page of the walk in one range, whatever is recorded meanwhile.
        Instant end = range.end() != null ? range.end() : now;
        Instant start = range.start();
        return EventsCommand.run(context, () -> {
            LookupEventsClient client = context.clients().create(endpoint, region, connection.credentials(context));
            EventPages pages = new EventPages(client, criteria, start, end);
            boolean drawn = progress == Progress.ALWAYS || (progress == Progress.AUTO && context.stderrIsTerminal());
            ExportProgress shown = new ExportProgress(
                    context.err(),
                    drawn,
                    context.clock(),
                    start != null ? start : end.minus(ExportProgress.DEFAULT_RANGE),
                    end);
            long written = out == null ? toStdout(pages, shown) : toFile(out, pages, shown);
            shown.finish(written, pages.pages(), client.retries(), out == null ? "standard output" : out.toString());
        });
    }

    private long toStdout(EventPages pages, ExportProgress shown)
            throws AwsErrorException, IOException, InterruptedException {
        long written = export(context.out(), pages, shown);
        if (context.out().checkError()) {
            throw new IOException("could not write to standard output (closed?) after " + written + " events");
        }
        return written;
    }

    private long toFile(Path file, EventPages pages, ExportProgress shown)
            throws AwsErrorException, IOException, InterruptedException {
        Path part = file.resolveSibling(file.getFileName() + ".part");
        boolean done = false;
        try {
            long written;
            try (OutputStream stream = Files.newOutputStream(part)) {
                written = export(stream, pages, shown);
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return written;
        } finally {
            if (!done) {
                Files.deleteIfExists(part);
            }
        }
    }

    private long export(OutputStream stream, EventPages pages, ExportProgress shown)
            throws AwsErrorException, IOException, InterruptedException {
        Writer out = new BufferedWriter(new OutputStreamWriter(stream, UTF_8), 1 << 16);
        EventWriter writer =
                new EventWriter(out, format == Format.CSV ? EventWriter.Format.CSV : EventWriter.Format.RECORDS);
        writer.begin();
        pages.forEachPage((matching, oldest) -> {
            for (HistoryEvent e : matching) {
                writer.write(e);
            }
            out.flush();
            if (stream == context.out() && context.out().checkError()) {
                throw new IOException(
                        "could not write to standard output (closed?) after " + writer.written() + " events");
            }
            shown.update(writer.written(), oldest);
        });
        writer.end();
        return writer.written();
    }
}
