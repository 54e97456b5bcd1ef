package dev.cairn.event;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The CloudTrail record codec: reads a record's JSON into an {@link AuditEvent} and writes it back, with
 * jackson-core's streaming parser and generator.
 *
 * <p>Output is compact (no whitespace), UTF-8 with non-ASCII characters written as themselves (characters
 * outside the Basic Multilingual Plane as one four-byte sequence), {@code '/'} not escaped, control
 * characters escaped as jackson does ({@code \n}, {@code \t}, ... and {@code \u001F} for the rest).
 * Writing is byte-stable: for a compact record written that way, {@code serialize(parse(x))} is {@code x}.
 *
 * <p>Reading is strict about the members the model knows: each must have its JSON type ({@code readOnly}
 * a boolean, {@code mfaAuthenticated} a string, {@code eventTime} yyyy-MM-ddTHH:mm:ssZ, ...) or be
 * {@code null}; eventVersion, eventTime, awsRegion and eventID must be present; no member may appear twice.
 * A violation is a {@link CloudTrailJsonException} that names the member and the rule.
 */
public final class CloudTrailJson {

    /**
     * Writes compact UTF-8, with no separator between root-level values and supplementary characters
     * unescaped. Its buffers come from {@link JsonBuffers}.
     */
    static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .rootValueSeparator((String) null)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .recyclerPool(JsonBuffers.pool())
            .build();

    private CloudTrailJson() {}

    /**
     * Returns the record {@code json} holds: exactly one JSON object, in UTF-8.
     *
     * @throws CloudTrailJsonException if it is not valid JSON or breaks the record schema
     */
    public static AuditEvent parse(byte[] json) {
        requireNonNull(json, "json is null");
        try (JsonParser parser = FACTORY.createParser(json)) {
            return parseWhole(parser, json);
        } catch (IOException e) {
            throw invalidJson(e);
        }
    }

    /**
     * Returns the record {@code json} holds: exactly one JSON object.
     *
     * @throws CloudTrailJsonException if it is not valid JSON or breaks the record schema
     */
    public static AuditEvent parse(String json) {
        requireNonNull(json, "json is null");
        try (JsonParser parser = FACTORY.createParser(json)) {
            return parseWhole(parser, null);
        } catch (IOException e) {
            throw invalidJson(e);
        }
    }

    /**
     * Reads one record from {@code parser}, as inside {@code {"Records":[...]}}: the object that starts at
     * the parser's current token, or at its next token if it has none. Leaves the parser on the object's
     * last token.
     *
     * @throws CloudTrailJsonException if the object breaks the record schema
     * @throws IOException if the parser cannot read, or the input is not valid JSON
     */
    public static AuditEvent read(JsonParser parser) throws IOException {
        requireNonNull(parser, "parser is null");
        try (RecordReader reader = new RecordReader(parser, null)) {
            return reader.readRecord();
        }
    }

    /**
     * Returns the time {@code text} names in CloudTrail's form {@code yyyy-MM-ddTHH:mm:ssZ}, as {@code
     * eventTime} holds it; only that form, exactly 20 characters, is accepted.
     *
     * @throws IllegalArgumentException if {@code text} is not a valid time in that form; the message names
     *     the rule
     */
    public static Instant parseTime(String text) {
        return EventTime.parse(requireNonNull(text, "text is null"));
    }

    /** Returns {@code event} as compact UTF-8 JSON. */
    public static byte[] serialize(AuditEvent event) {
        requireNonNull(event, "event is null");
        // The generator buffers the whole of a typical record and hands it over in one write on close.
        ExactOutput out = new ExactOutput();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            RecordWriter.writeObject(generator, event.members);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes {@code event} as the next value of {@code generator}, such as an element of
     * {@code {"Records":[...]}}. Free-form members are written raw, so they stay compact even when the
     * generator pretty-prints; strings are escaped as the generator's configuration says.
     */
    public static void write(AuditEvent event, JsonGenerator generator) throws IOException {
        requireNonNull(event, "event is null");
        requireNonNull(generator, "generator is null");
        RecordWriter.writeObject(generator, event.members);
    }

    /**
     * Returns a generator that writes to {@code out} as {@link #serialize} does, for a file of records such
     * as {@code {"Records":[...]}}. Closing the generator closes {@code out}.
     */
    public static JsonGenerator createGenerator(OutputStream out) throws IOException {
        return FACTORY.createGenerator(requireNonNull(out, "out is null"));
    }

    private static AuditEvent parseWhole(JsonParser parser, byte @Nullable [] source) throws IOException {
        AuditEvent event;
        try (RecordReader reader = new RecordReader(parser, source)) {
            event = reader.readRecord();
        }
        if (parser.nextToken() != null) {
            throw new CloudTrailJsonException(
                    null,
                    "a CloudTrail record must be exactly one JSON object, but more follows it at "
                            + where(parser.currentTokenLocation()));
        }
        return event;
    }

    private static RuntimeException invalidJson(IOException e) {
        if (e instanceof JsonProcessingException json) {
            JsonLocation location = json.getLocation();
            return new CloudTrailJsonException(
                    "a CloudTrail record must be valid JSON: " + json.getOriginalMessage()
                            + (location == null ? "" : " at " + where(location)),
                    e);
        }
        return new UncheckedIOException(e);
    }

    private static String where(JsonLocation location) {
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
