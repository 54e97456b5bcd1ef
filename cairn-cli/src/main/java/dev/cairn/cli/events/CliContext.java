package dev.cairn.cli.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.cairn.protocol.sigv4.SigningCredentials;
import dev.cairn.time.Clock;
import java.io.PrintStream;
import java.net.URI;
import java.util.Map;

/**
 * What the {@code events} commands take from the process they run in: the environment, the clock, standard
 * output and error, whether standard error is a terminal, and how a LookupEvents client is made. Tests give
 * their own; {@link #system()} is the real one.
 */
record CliContext(
        Map<String, String> env,
        Clock clock,
        PrintStream out,
        PrintStream err,
        boolean stderrIsTerminal,
        ClientFactory clients) {

    /** Makes the client the commands call LookupEvents with. */
    interface ClientFactory {
        LookupEventsClient create(URI endpoint, String region, SigningCredentials credentials);
    }

    CliContext {
        env = Map.copyOf(requireNonNull(env, "env is null"));
        requireNonNull(clock, "clock is null");
        requireNonNull(out, "out is null");
        requireNonNull(err, "err is null");
        requireNonNull(clients, "clients is null");
    }

    /** The context of the running process; output and error are written as UTF-8. */
    static CliContext system() {
        return new CliContext(
                System.getenv(),
                Clock.system(),
                new PrintStream(System.out, false, UTF_8),
                new PrintStream(System.err, true, UTF_8),
                Terminal.stderrIsTerminal(),
                (endpoint, region, credentials) -> LookupEventsClient.http(endpoint, region, credentials, userAgent()));
    }

    /** The User-Agent the CLI sends, which events record: {@code cairn-cli/<version>}. */
    static String userAgent() {
        String version = CliContext.class.getPackage().getImplementationVersion();
        return "cairn-cli/" + (version == null ? "dev" : version) + " java/"
                + Runtime.version().feature();
    }
}
