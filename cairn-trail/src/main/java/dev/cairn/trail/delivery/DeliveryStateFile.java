package dev.cairn.trail.delivery;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cairn.journal.JournalPosition;
import dev.cairn.trail.DeliveryStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The files in which trail delivery keeps each trail's {@link DeliveryState}: one JSON file per trail,
 * named after a hash of the trail's ARN, replaced atomically (write a temporary file, fsync it, rename it
 * over the old one, fsync the folder), so that a crash leaves the old state or the new one.
 */
final class DeliveryStateFile {
    private static final JsonFactory JSON = new JsonFactory();

    private final Path directory;

    DeliveryStateFile(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
        try {
            Files.createDirectories(directory);
            try {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default permissions
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the trail delivery folder " + directory, e);
        }
    }

    /** Returns the journal consumer name of a trail: {@code trail.} and a hash of its ARN. */
    static String consumerName(String trailArn) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(trailArn.getBytes(StandardCharsets.UTF_8));
            return "trail." + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    Optional<DeliveryState> load(String trailArn) {
        Path file = fileOf(trailArn);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the delivery state " + file, e);
        }
        try {
            return Optional.of(decode(bytes));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the delivery state " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    void save(DeliveryState state) {
        Path file = fileOf(state.trailArn);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            byte[] bytes = encode(state);
            try (FileChannel channel = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(tmp, file, ATOMIC_MOVE, REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                // some file systems cannot sync a folder; the rename is still atomic
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the delivery state " + file, e);
        }
    }

    /** Returns the ARNs of the trails that have a saved state. */
    java.util.List<String> trailArns() {
        java.util.List<String> arns = new java.util.ArrayList<>();
        try (var stream = Files.newDirectoryStream(directory, "trail.*.json")) {
            for (Path file : stream) {
                try {
                    arns.add(decode(Files.readAllBytes(file)).trailArn);
                } catch (IOException | RuntimeException e) {
                    throw new IllegalStateException("the delivery state " + file + " is damaged: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the delivery states in " + directory, e);
        }
        return arns;
    }

    void delete(String trailArn) {
        try {
            Files.deleteIfExists(fileOf(trailArn));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the delivery state of " + trailArn, e);
        }
    }

    private Path fileOf(String trailArn) {
        return directory.resolve(consumerName(trailArn) + ".json");
    }

    static byte[] encode(DeliveryState state) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("trailArn", state.trailArn);
            g.writeStringField("position", state.position.encode());
            if (state.logging != null) {
                g.writeBooleanField("logging", state.logging);
            }
            g.writeObjectFieldStart("status");
            DeliveryStatus s = state.status;
            time(g, "latestDeliveryTime", s.latestDeliveryTime());
            time(g, "latestDeliveryAttemptTime", s.latestDeliveryAttemptTime());
            text(g, "latestDeliveryError", s.latestDeliveryError());
            time(g, "latestDigestDeliveryTime", s.latestDigestDeliveryTime());
            text(g, "latestDigestDeliveryError", s.latestDigestDeliveryError());
            g.writeEndObject();
            g.writeArrayFieldStart("inFlight");
            for (DeliveredFile f : state.inFlight) {
                file(g, f);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("chains");
            for (var entry : state.chains.entrySet()) {
                RegionChain chain = entry.getValue();
                g.writeStartObject();
                g.writeStringField("region", entry.getKey());
                g.writeStringField("windowStart", chain.windowStart.toString());
                text(g, "previous", chain.previous);
                g.writeArrayFieldStart("files");
                for (DeliveredFile f : chain.files) {
                    file(g, f);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    static DeliveryState decode(byte[] bytes) throws IOException {
        try (JsonParser p = JSON.createParser(bytes)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            String arn = null;
            JournalPosition position = null;
            DeliveryStatus status = DeliveryStatus.NONE;
            Boolean logging = null;
            java.util.List<DeliveredFile> inFlight = new java.util.ArrayList<>();
            java.util.Map<String, RegionChain> chains = new java.util.TreeMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "trailArn" -> arn = p.getText();
                    case "position" -> position = JournalPosition.parse(p.getText());
                    case "logging" -> logging = p.getBooleanValue();
                    case "status" -> status = readStatus(p);
                    case "inFlight" -> {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            inFlight.add(readFile(p));
                        }
                    }
                    case "chains" -> {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            readChain(p, chains);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (arn == null || position == null) {
                throw new IOException("trailArn or position is missing");
            }
            DeliveryState state = new DeliveryState(arn, position, status);
            state.logging = logging;
            state.inFlight.addAll(inFlight);
            state.chains.putAll(chains);
            return state;
        }
    }

    private static DeliveryStatus readStatus(JsonParser p) throws IOException {
        Instant delivery = null, attempt = null, digest = null;
        String error = null, digestError = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            String value = p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
            switch (name) {
                case "latestDeliveryTime" -> delivery = instant(value);
                case "latestDeliveryAttemptTime" -> attempt = instant(value);
                case "latestDeliveryError" -> error = value;
                case "latestDigestDeliveryTime" -> digest = instant(value);
                case "latestDigestDeliveryError" -> digestError = value;
                default -> p.skipChildren();
            }
        }
        return new DeliveryStatus(delivery, attempt, error, digest, digestError);
    }

    private static void readChain(JsonParser p, java.util.Map<String, RegionChain> chains) throws IOException {
        String region = null;
        Instant windowStart = null;
        String previous = null;
        java.util.List<DeliveredFile> files = new java.util.ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "region" -> region = p.getText();
                case "windowStart" -> windowStart = Instant.parse(p.getText());
                case "previous" -> previous = p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
                case "files" -> {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        files.add(readFile(p));
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (region == null || windowStart == null) {
            throw new IOException("a digest chain lacks its region or window start");
        }
        RegionChain chain = new RegionChain(windowStart, previous);
        chain.files.addAll(files);
        chains.put(region, chain);
    }

    private static DeliveredFile readFile(JsonParser p) throws IOException {
        String region = null, bucket = null, key = null, sha = null;
        Instant oldest = null, newest = null, delivered = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            String value = p.getText();
            switch (name) {
                case "region" -> region = value;
                case "bucket" -> bucket = value;
                case "key" -> key = value;
                case "sha256" -> sha = value;
                case "oldest" -> oldest = Instant.parse(value);
                case "newest" -> newest = Instant.parse(value);
                case "deliveredAt" -> delivered = Instant.parse(value);
                default -> p.skipChildren();
            }
        }
        return new DeliveredFile(region, bucket, key, sha, oldest, newest, delivered);
    }

    private static void file(JsonGenerator g, DeliveredFile f) throws IOException {
        g.writeStartObject();
        g.writeStringField("region", f.region());
        g.writeStringField("bucket", f.bucket());
        g.writeStringField("key", f.key());
        g.writeStringField("sha256", f.sha256());
        g.writeStringField("oldest", f.oldestEventTime().toString());
        g.writeStringField("newest", f.newestEventTime().toString());
        g.writeStringField("deliveredAt", f.deliveredAt().toString());
        g.writeEndObject();
    }

    private static void time(JsonGenerator g, String name, @Nullable Instant value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value.toString());
        }
    }

    private static void text(JsonGenerator g, String name, @Nullable String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    private static @Nullable Instant instant(@Nullable String value) {
        return value == null ? null : Instant.parse(value);
    }

    private static void expect(@Nullable JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual);
        }
    }
}
