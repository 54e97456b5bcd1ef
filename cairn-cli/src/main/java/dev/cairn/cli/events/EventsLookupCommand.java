package dev.cairn.cli.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.cairn.history.HistoryEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cairn events lookup}: the newest events that have every attribute given and fall in the time
 * range, as a table or as JSON.
 */
@Command(
        name = "lookup",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Print the newest events that have all the attributes given (ANDed) and fall in the time range.",
            "LookupEvents takes one attribute per call: the most selective one (in the order event-id,"
                    + " access-key-id, resource-name, username, event-name, resource-type, event-source, read-only)"
                    + " is sent to the server and the others are matched on the events it returns."
        })
final class EventsLookupCommand implements Callable<Integer> {
    /** The output formats. */
    enum Output {
        /** Columns TIME, EVENT NAME, USER, SOURCE, READ-ONLY, RESOURCES. */
        TABLE,
        /** One JSON array of the events' CloudTrail records. */
        JSON,
        /** One CloudTrail record per line. */
        JSONL
    }

    @Spec
    CommandSpec spec;

    @Mixin
    FilterOptions filter = new FilterOptions();

    @Option(
            names = "--max",
            paramLabel = "N",
            defaultValue = "50",
            description = "Print at most N events, the newest (default ${DEFAULT-VALUE}).")
    int max = 50;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table, json (one array of CloudTrail records) or jsonl (one record per line)"
                    + " (default ${DEFAULT-VALUE}).")
    Output output = Output.TABLE;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    private final CliContext context;

    EventsLookupCommand() {
        this(CliContext.system());
    }

    EventsLookupCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        if (max < 1) {
            throw new ParameterException(spec.commandLine(), "--max " + max + " must be at least 1");
        }
        AttributeCriteria criteria = filter.criteria(spec);
        FilterOptions.Range range = filter.range(spec, context.clock().now());
        URI endpoint = connection.endpoint(spec);
        String region = connection.region(spec);
        return EventsCommand.run(context, () -> {
            LookupEventsClient client = context.clients().create(endpoint, region, connection.credentials(context));
            List<HistoryEvent> events = new EventPages(client, criteria, range.start(), range.end()).first(max);
            print(events);
        });
    }

    private void print(List<HistoryEvent> events) throws IOException {
        if (output == Output.TABLE) {
            EventTable.write(events, context.out());
            context.out().flush();
            return;
        }
        Writer out = new BufferedWriter(new OutputStreamWriter(context.out(), UTF_8));
        EventWriter writer =
                new EventWriter(out, output == Output.JSON ? EventWriter.Format.ARRAY : EventWriter.Format.LINES);
        writer.begin();
        for (HistoryEvent e : events) {
            writer.write(e);
        }
        writer.end();
    }
}
