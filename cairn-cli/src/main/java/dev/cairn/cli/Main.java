package dev.cairn.cli;

import dev.cairn.cli.events.EventsCommand;
import dev.cairn.cli.validate.ValidateLogsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cairn} command: one binary, with a subcommand per job. */
@Command(
        name = "cairn",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Cairn: a self-hosted, AWS-wire-compatible audit trail for API calls.",
        subcommands = {ServeCommand.class, EventsCommand.class, ValidateLogsCommand.class, CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
        if (code != 0 || !ServeCommand.serving()) {
            System.exit(code);
        }
    }
}
