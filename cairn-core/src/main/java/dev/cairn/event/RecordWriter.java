package dev.cairn.event;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The writer of the model to a jackson generator, each object's members in their {@link Members#order}. */
final class RecordWriter {

    private RecordWriter() {}

    static void writeObject(JsonGenerator generator, Members members) throws IOException {
        generator.writeStartObject();
        Schema schema = members.schema;
        int other = 0;
        for (byte slot : members.order) {
            if (slot == Members.OTHER) {
                generator.writeFieldName(members.otherNames[other]);
                generator.writeRawValue(members.otherValues[other++].serializable());
            } else {
                generator.writeFieldName(schema.jsonName(slot));
                writeValue(generator, schema.kind(slot), members.get(slot));
            }
        }
        generator.writeEndObject();
    }

    private static void writeValue(JsonGenerator generator, Kind kind, @Nullable Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
            return;
        }
        switch (kind) {
            case STRING -> generator.writeString((String) value);
            case BOOLEAN -> generator.writeBoolean((Boolean) value);
            case TIME -> {
                char[] text = new char[EventTime.LENGTH];
                EventTime.format((Instant) value, text);
                generator.writeString(text, 0, text.length);
            }
            case RAW -> generator.writeRawValue(((RawJson) value).serializable());
            case USER_IDENTITY -> writeObject(generator, ((UserIdentity) value).members);
            case SESSION_CONTEXT -> writeObject(generator, ((SessionContext) value).members);
            case SESSION_ISSUER -> writeObject(generator, ((SessionIssuer) value).members);
            case SESSION_ATTRIBUTES -> writeObject(generator, ((SessionAttributes) value).members);
            case RESOURCES -> {
                generator.writeStartArray();
                for (Object resource : (List<?>) value) {
                    writeObject(generator, ((Resource) resource).members);
                }
                generator.writeEndArray();
            }
        }
    }
}
