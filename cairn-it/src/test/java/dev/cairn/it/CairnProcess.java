package dev.cairn.it;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * One Cairn server running as a child JVM: {@code java -cp <test class path> dev.cairn.cli.Main serve --port
 * <free port> --data <directory> [flags]}, with the same java binary as the test JVM. {@link #start} returns
 * once {@code GET /_cairn/health} answers 200.
 *
 * <p>Each process writes its output to {@code <cairn.it.dir>/<name>-<pid>-<n>.log} (a restart appends to the
 * same file), and keeps its data under {@code <cairn.it.dir>/<name>-<pid>-<n>-data}, so that a failed run can be read
 * afterwards. Close it in {@code @AfterAll}; a JVM shutdown hook kills any process a test forgot.
 */
public final class CairnProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final String name;
    private final List<String> flags;
    private final int port;
    private final Path dataDirectory;
    private final Path log;
    private final URI endpoint;
    private volatile @Nullable Process process;

    private CairnProcess(String name, List<String> flags, int port, Path dataDirectory, Path log) {
        this.name = name;
        this.flags = List.copyOf(flags);
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.log = log;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        Runtime.getRuntime().addShutdownHook(new Thread(this::destroyIfRunning, "cairn-it-kill-" + name));
    }

    /**
     * Starts a server in a fresh data directory with the given extra flags (for example {@code --auth open})
     * and waits until it is healthy.
     *
     * @param name a label for the log and data directory, usually the test class's simple name
     */
    public static CairnProcess start(String name, String... extraFlags) {
        requireNonNull(name, "name is null");
        Path dir = workDirectory();
        String label = name + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        Path data = dir.resolve(label + "-data");
        CairnProcess server =
                new CairnProcess(name, List.of(extraFlags), freePort(), data, dir.resolve(label + ".log"));
        server.launch();
        return server;
    }

    /** Returns the base URI of the server, {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public URI endpoint() {
        return endpoint;
    }

    /** Returns a URI on this server, for example {@code uri("/_cairn/health")}. */
    public URI uri(String path) {
        return endpoint.resolve(path);
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Returns the shared-credentials file the server wrote, {@code <data>/credentials}. */
    public Path credentialsFile() {
        return dataDirectory.resolve("credentials");
    }

    /** Returns the file the process's stdout and stderr go to. */
    public Path logFile() {
        return log;
    }

    /** Returns the admin credentials of the {@code [cairn]} profile in {@code <data>/credentials}. */
    public AwsBasicCredentials adminCredentials() {
        Map<String, String> profile = readProfile(credentialsFile(), "cairn");
        String id = profile.get("aws_access_key_id");
        String secret = profile.get("aws_secret_access_key");
        if (id == null || secret == null) {
            throw new IllegalStateException(
                    credentialsFile() + " has no aws_access_key_id and aws_secret_access_key in [cairn]: " + profile);
        }
        return AwsBasicCredentials.create(id, secret);
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Sends SIGTERM and waits for the process to exit; kills it if it does not exit in time. */
    public void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                throw new IllegalStateException(name + " did not exit within " + STOP_TIMEOUT
                        + " of SIGTERM and was killed; output:\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        } finally {
            process = null;
        }
    }

    /** Kills the process with SIGKILL ({@code kill -9}): no shutdown hook runs. */
    public void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        try {
            p.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process = null;
        }
    }

    /** Stops the process if it runs, then starts it again on the same port and data directory. */
    public void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private void destroyIfRunning() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    /** Returns the process's output so far (stdout and stderr), for failure messages. */
    public String output() {
        try {
            return Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public String toString() {
        return name + " on " + endpoint + " (log " + log + ")";
    }

    private void launch() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running on " + endpoint);
        }
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xmx256m");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.cairn.cli.Main");
        command.add("serve");
        command.add("--port");
        command.add(Integer.toString(port));
        command.add("--data");
        command.add(dataDirectory.toString());
        command.addAll(flags);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Settings from the developer's environment must not change the server under test.
        builder.environment().keySet().removeIf(key -> key.startsWith("CAIRN_"));
        Process started;
        try {
            Files.writeString(
                    log,
                    "---- " + String.join(" ", command.subList(command.indexOf("dev.cairn.cli.Main"), command.size()))
                            + "\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            started = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        process = started;
        awaitHealthy(started);
    }

    private void awaitHealthy(Process started) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest health = HttpRequest.newBuilder(uri("/_cairn/health"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                process = null;
                throw new IllegalStateException(name + " exited with code " + started.exitValue()
                        + " before it was healthy; output:\n" + output());
            }
            try {
                HttpResponse<String> response = HTTP.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        started.destroyForcibly();
        process = null;
        throw new IllegalStateException(name + " was not healthy on " + uri("/_cairn/health") + " within "
                + START_TIMEOUT + " (last answer: " + last + "); output:\n" + output());
    }

    private static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElseGet(() ->
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static Path workDirectory() {
        Path dir = Path.of(System.getProperty("cairn.it.dir", "target/cairn-it"));
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    /** Reads one profile of an AWS shared-credentials file. */
    static Map<String, String> readProfile(Path file, String profile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> values = new TreeMap<>();
        @Nullable String section = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
            } else if (profile.equals(section) && line.indexOf('=') > 0) {
                int eq = line.indexOf('=');
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return values;
    }
}
