package dev.cairn.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code aws} CLI against a {@link CairnProcess}, configured only through the credentials
 * file the server writes (profile {@code cairn}, region us-east-1, an empty config file).
 */
final class AwsCommand {
    private AwsCommand() {}

    /** The outcome of a finished {@code aws} run. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** Whether {@code aws} is on the PATH. */
    static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "aws"))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code aws --endpoint-url <server> args...} as the server's admin. */
    static Result run(CairnProcess server, String... args) {
        return run(server, java.util.Map.of(), args);
    }

    /**
     * Runs {@code aws --endpoint-url <server> args...} as the server's admin, with extra environment
     * variables (for example {@code AWS_ENDPOINT_URL_S3}, which nested S3 clients such as validate-logs'
     * honour while they ignore {@code --endpoint-url}).
     */
    static Result run(CairnProcess server, java.util.Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add("aws");
        command.add("--endpoint-url");
        command.add(server.endpoint().toString());
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(key -> key.startsWith("AWS_"));
        builder.environment()
                .put("AWS_SHARED_CREDENTIALS_FILE", server.credentialsFile().toString());
        builder.environment().put("AWS_PROFILE", "cairn");
        builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        builder.environment()
                .put(
                        "AWS_CONFIG_FILE",
                        server.dataDirectory()
                                .resolveSibling("empty-aws-config")
                                .toString());
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
