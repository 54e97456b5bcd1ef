package dev.cairn.cli.events;

import dev.cairn.cli.aws.AwsErrorException;
import dev.cairn.cli.aws.CredentialsException;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cairn events}: event history from the command line, read from a running Cairn with LookupEvents
 * over HTTP, as any AWS client reads it.
 *
 * <p>Exit codes of the subcommands: 0 when all went well, 1 when the server answered with an error (its AWS
 * code and message are printed), could not be reached, or no credentials were found, 2 for a usage error.
 */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = "Look up and export event history from a running Cairn (LookupEvents over HTTP).",
        subcommands = {EventsLookupCommand.class, EventsExportCommand.class, CommandLine.HelpCommand.class})
public final class EventsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The work of a subcommand, which may fail in the ways {@link #run(CliContext, Body)} reports. */
    interface Body {
        void run() throws AwsErrorException, IOException, CredentialsException, InterruptedException;
    }

    /** Runs {@code body} and returns the exit code, reporting a failure on standard error in one line. */
    static int run(CliContext context, Body body) {
        try {
            body.run();
            return 0;
        } catch (AwsErrorException e) {
            context.err()
                    .println("cairn: LookupEvents failed: " + e.code() + ": " + e.awsMessage() + " (HTTP " + e.status()
                            + ")");
        } catch (IOException | CredentialsException e) {
            context.err().println("cairn: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.err().println("cairn: interrupted");
        }
        context.err().flush();
        return 1;
    }
}
