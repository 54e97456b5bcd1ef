package dev.cairn.protocol.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An operation's output written ahead as the bytes of one JSON object, which {@link JsonProtocol} sends as
 * they are: for a read-only operation whose answer is large (a LookupEvents page of up to 50 records),
 * written once into its final bytes rather than built as nodes and serialized, which copied it four
 * times.
 *
 * <p>As a node it has no members: it is written, never read. A generator that writes it (another protocol,
 * a log) writes its bytes. Only a read-only operation may return one, since the recorder reads the output
 * of mutating operations as nodes.
 */
public final class EncodedOutput extends ObjectNode {

    private static final long serialVersionUID = 1L;

    private final byte[] json;

    private EncodedOutput(byte[] json) {
        super(JsonNodeFactory.instance);
        this.json = json;
    }

    /**
     * Returns the object whose UTF-8 JSON is {@code json}, which must be one valid JSON object (not checked);
     * not copied, so it must not change.
     */
    public static EncodedOutput of(byte[] json) {
        return new EncodedOutput(Objects.requireNonNull(json, "json is null"));
    }

    /** Returns the object's bytes: UTF-8 JSON, not a copy, so they must not change. */
    public byte[] bytes() {
        return json;
    }

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
        generator.writeRawValue(toString()); // not the protocol's path, which sends the bytes themselves
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof EncodedOutput that && Arrays.equals(bytes(), that.bytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes());
    }

    @Override
    public String toString() {
        return new String(json, StandardCharsets.UTF_8);
    }
}
