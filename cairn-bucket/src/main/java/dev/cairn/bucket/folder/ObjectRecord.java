package dev.cairn.bucket.folder;

import static java.util.Objects.requireNonNull;

import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.bucket.ObjectInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The index record of one object: its description, and where its bytes are, relative to the bucket's
 * folder with {@code /} between names. A record is a small properties file, so that it can be read by
 * hand; it is always replaced whole, by rename.
 *
 * @param info the object's description
 * @param dataPath where its bytes are, such as {@code AWSLogs/123456789012/CloudTrail/x.json.gz} or {@code
 *     %escaped/%2Fleading}
 */
record ObjectRecord(ObjectInfo info, String dataPath) {
    private static final String META = "meta.";

    ObjectRecord {
        requireNonNull(info, "info is null");
        requireNonNull(dataPath, "dataPath is null");
    }

    byte[] encode() {
        Properties properties = new Properties();
        properties.setProperty("key", info.key());
        properties.setProperty("size", Long.toString(info.size()));
        properties.setProperty("etag", info.etag());
        properties.setProperty("lastModified", info.lastModified().toString());
        properties.setProperty("data", dataPath);
        ObjectAttributes attributes = info.attributes();
        if (attributes.contentType() != null) {
            properties.setProperty("contentType", attributes.contentType());
        }
        if (attributes.contentEncoding() != null) {
            properties.setProperty("contentEncoding", attributes.contentEncoding());
        }
        attributes.userMetadata().forEach((name, value) -> properties.setProperty(META + name, value));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            properties.store(out, "Cairn object record");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /**
     * Decodes a record read from {@code source}.
     *
     * @throws IOException if it is not a whole record
     */
    static ObjectRecord decode(byte[] bytes, Object source) throws IOException {
        Properties properties = new Properties();
        properties.load(new ByteArrayInputStream(bytes));
        Map<String, String> metadata = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(META)) {
                metadata.put(name.substring(META.length()), properties.getProperty(name));
            }
        }
        try {
            ObjectInfo info = new ObjectInfo(
                    required(properties, "key", source),
                    Long.parseLong(required(properties, "size", source)),
                    Instant.parse(required(properties, "lastModified", source)),
                    required(properties, "etag", source),
                    new ObjectAttributes(
                            properties.getProperty("contentType"),
                            properties.getProperty("contentEncoding"),
                            metadata));
            return new ObjectRecord(info, required(properties, "data", source));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IOException("object record " + source + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static String required(Properties properties, String name, Object source) throws IOException {
        String value = properties.getProperty(name);
        if (value == null) {
            throw new IOException("object record " + source + " has no " + name);
        }
        return value;
    }
}
