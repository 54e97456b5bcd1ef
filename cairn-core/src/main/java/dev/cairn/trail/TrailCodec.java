package dev.cairn.trail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cairn.selector.AdvancedEventSelector;
import dev.cairn.selector.AdvancedSelectors;
import dev.cairn.selector.BasicSelectors;
import dev.cairn.selector.DataResource;
import dev.cairn.selector.EventSelector;
import dev.cairn.selector.FieldSelector;
import dev.cairn.selector.ReadWriteType;
import dev.cairn.selector.TrailSelectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The stored form of a {@link Trail} and of a trail's {@link InsightSelector}s: one JSON object, written and
 * read with jackson-core's streaming API. Absent optional members are left out; instants are ISO-8601
 * text, so nothing of them is lost; unknown members are skipped on reading, so that a newer writer's
 * records stay readable.
 */
final class TrailCodec {
    static final int VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();

    private TrailCodec() {}

    // ---- trails --------------------------------------------------------------------------------

    static byte[] encode(Trail t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            g.writeStringField("name", t.name());
            g.writeStringField("accountId", t.accountId());
            g.writeStringField("homeRegion", t.homeRegion());
            g.writeStringField("s3BucketName", t.s3BucketName());
            optional(g, "s3KeyPrefix", t.s3KeyPrefix());
            optional(g, "snsTopicName", t.snsTopicName());
            g.writeBooleanField("includeGlobalServiceEvents", t.includeGlobalServiceEvents());
            g.writeBooleanField("multiRegion", t.multiRegion());
            g.writeBooleanField("logFileValidationEnabled", t.logFileValidationEnabled());
            optional(g, "cloudWatchLogsLogGroupArn", t.cloudWatchLogsLogGroupArn());
            optional(g, "cloudWatchLogsRoleArn", t.cloudWatchLogsRoleArn());
            optional(g, "kmsKeyId", t.kmsKeyId());
            g.writeBooleanField("organizationTrail", t.organizationTrail());
            if (t.selectors() != null) {
                g.writeFieldName("selectors");
                writeSelectors(g, t.selectors());
            }
            strings(g, "insightSelectors", t.insightSelectors());
            g.writeObjectFieldStart("tags");
            for (Map.Entry<String, String> tag : new TreeMap<>(t.tags()).entrySet()) {
                g.writeStringField(tag.getKey(), tag.getValue());
            }
            g.writeEndObject();
            g.writeBooleanField("logging", t.logging());
            optional(g, "startLoggingTime", t.startLoggingTime());
            optional(g, "stopLoggingTime", t.stopLoggingTime());
            g.writeStringField("created", t.created().toString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Trail decode(byte[] bytes) {
        Map<String, Object> m = new LinkedHashMap<>();
        TrailSelectors selectors = null;
        List<String> insights = List.of();
        Map<String, String> tags = Map.of();
        try (JsonParser p = JSON.createParser(bytes)) {
            expect(p, JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "selectors" -> selectors = readSelectors(p);
                    case "insightSelectors" -> insights = readStrings(p);
                    case "tags" -> tags = readStringMap(p);
                    default -> {
                        if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                            m.put(field, p.getBooleanValue());
                        } else if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT) {
                            m.put(field, p.getText());
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a stored trail", e);
        }
        return new Trail(
                text(m, "name"),
                text(m, "accountId"),
                text(m, "homeRegion"),
                text(m, "s3BucketName"),
                (String) m.get("s3KeyPrefix"),
                (String) m.get("snsTopicName"),
                flag(m, "includeGlobalServiceEvents"),
                flag(m, "multiRegion"),
                flag(m, "logFileValidationEnabled"),
                (String) m.get("cloudWatchLogsLogGroupArn"),
                (String) m.get("cloudWatchLogsRoleArn"),
                (String) m.get("kmsKeyId"),
                flag(m, "organizationTrail"),
                selectors,
                insights,
                tags,
                flag(m, "logging"),
                instant(m, "startLoggingTime"),
                instant(m, "stopLoggingTime"),
                Instant.parse(text(m, "created")));
    }

    // ---- insight selectors ---------------------------------------------------------------------

    static byte[] encodeInsights(List<InsightSelector> selectors) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (InsightSelector s : selectors) {
                g.writeStartObject();
                g.writeStringField("insightType", s.insightType());
                if (s.eventCategories() != null) {
                    strings(g, "eventCategories", s.eventCategories());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static List<InsightSelector> decodeInsights(byte[] bytes) {
        List<InsightSelector> selectors = new ArrayList<>();
        try (JsonParser p = JSON.createParser(bytes)) {
            expect(p, JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String type = null;
                List<String> categories = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "insightType" -> type = p.getText();
                        case "eventCategories" -> categories = readStrings(p);
                        default -> p.skipChildren();
                    }
                }
                if (type == null) {
                    throw new IllegalStateException("a stored insight selector has no insightType");
                }
                selectors.add(new InsightSelector(type, categories));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stored insight selectors", e);
        }
        return selectors;
    }

    // ---- selectors -----------------------------------------------------------------------------

    private static void writeSelectors(JsonGenerator g, TrailSelectors selectors) throws IOException {
        g.writeStartObject();
        switch (selectors) {
            case BasicSelectors basic -> {
                g.writeStringField("kind", "basic");
                g.writeArrayFieldStart("selectors");
                for (EventSelector s : basic.selectors()) {
                    g.writeStartObject();
                    g.writeStringField("readWriteType", s.readWriteType().wireName());
                    g.writeBooleanField("includeManagementEvents", s.includeManagementEvents());
                    g.writeArrayFieldStart("dataResources");
                    for (DataResource r : s.dataResources()) {
                        g.writeStartObject();
                        g.writeStringField("type", r.type());
                        strings(g, "values", r.values());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    strings(g, "excludeManagementEventSources", s.excludeManagementEventSources());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case AdvancedSelectors advanced -> {
                g.writeStringField("kind", "advanced");
                g.writeArrayFieldStart("selectors");
                for (AdvancedEventSelector s : advanced.selectors()) {
                    g.writeStartObject();
                    optional(g, "name", s.name());
                    g.writeArrayFieldStart("fieldSelectors");
                    for (FieldSelector f : s.fieldSelectors()) {
                        g.writeStartObject();
                        g.writeStringField("field", f.field());
                        optionalStrings(g, "equals", f.equalsValues());
                        optionalStrings(g, "startsWith", f.startsWith());
                        optionalStrings(g, "endsWith", f.endsWith());
                        optionalStrings(g, "notEquals", f.notEquals());
                        optionalStrings(g, "notStartsWith", f.notStartsWith());
                        optionalStrings(g, "notEndsWith", f.notEndsWith());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
        }
        g.writeEndObject();
    }

    private static TrailSelectors readSelectors(JsonParser p) throws IOException {
        String kind = null;
        List<EventSelector> basic = new ArrayList<>();
        List<AdvancedEventSelector> advanced = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "kind" -> kind = p.getText();
                case "selectors" -> {
                    // "kind" is always written first, so it is known here.
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        if ("basic".equals(kind)) {
                            basic.add(readEventSelector(p));
                        } else {
                            advanced.add(readAdvancedSelector(p));
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        if ("basic".equals(kind)) {
            return new BasicSelectors(basic);
        }
        if ("advanced".equals(kind)) {
            return new AdvancedSelectors(advanced);
        }
        throw new IllegalStateException("stored selectors have an unknown kind: " + kind);
    }

    private static EventSelector readEventSelector(JsonParser p) throws IOException {
        ReadWriteType readWriteType = ReadWriteType.ALL;
        boolean management = true;
        List<DataResource> resources = new ArrayList<>();
        List<String> excluded = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "readWriteType" -> readWriteType = readWriteType(p.getText());
                case "includeManagementEvents" -> management = p.getBooleanValue();
                case "dataResources" -> {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        String type = null;
                        List<String> values = List.of();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            p.nextToken();
                            switch (f) {
                                case "type" -> type = p.getText();
                                case "values" -> values = readStrings(p);
                                default -> p.skipChildren();
                            }
                        }
                        if (type == null) {
                            throw new IllegalStateException("a stored data resource has no type");
                        }
                        resources.add(new DataResource(type, values));
                    }
                }
                case "excludeManagementEventSources" -> excluded = readStrings(p);
                default -> p.skipChildren();
            }
        }
        return new EventSelector(readWriteType, management, resources, excluded);
    }

    private static AdvancedEventSelector readAdvancedSelector(JsonParser p) throws IOException {
        String name = null;
        List<FieldSelector> fields = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "name" -> name = p.getText();
                case "fieldSelectors" -> {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        fields.add(readFieldSelector(p));
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new AdvancedEventSelector(name, fields);
    }

    private static FieldSelector readFieldSelector(JsonParser p) throws IOException {
        String field = null;
        Map<String, List<String>> operators = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String member = p.currentName();
            p.nextToken();
            if (member.equals("field")) {
                field = p.getText();
            } else if (p.currentToken() == JsonToken.START_ARRAY) {
                operators.put(member, readStrings(p));
            } else {
                p.skipChildren();
            }
        }
        if (field == null) {
            throw new IllegalStateException("a stored field selector has no field");
        }
        return new FieldSelector(
                field,
                operators.get("equals"),
                operators.get("startsWith"),
                operators.get("endsWith"),
                operators.get("notEquals"),
                operators.get("notStartsWith"),
                operators.get("notEndsWith"));
    }

    private static ReadWriteType readWriteType(String wireName) {
        for (ReadWriteType t : ReadWriteType.values()) {
            if (t.wireName().equals(wireName)) {
                return t;
            }
        }
        throw new IllegalStateException("a stored selector has an unknown readWriteType: " + wireName);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static void optional(JsonGenerator g, String field, @Nullable Object value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value.toString());
        }
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void optionalStrings(JsonGenerator g, String field, @Nullable List<String> values)
            throws IOException {
        if (values != null) {
            strings(g, field, values);
        }
    }

    private static List<String> readStrings(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalStateException("expected a list of strings, found " + p.currentToken());
        }
        List<String> values = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            values.add(p.getText());
        }
        return values;
    }

    private static Map<String, String> readStringMap(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalStateException("expected an object of strings, found " + p.currentToken());
        }
        Map<String, String> values = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            values.put(key, p.getText());
        }
        return values;
    }

    private static void expect(JsonParser p, JsonToken token) throws IOException {
        if (p.nextToken() != token) {
            throw new IllegalStateException("a stored trail record does not start with " + token);
        }
    }

    private static String text(Map<String, Object> m, String field) {
        Object value = m.get(field);
        if (!(value instanceof String s)) {
            throw new IllegalStateException("a stored trail has no " + field);
        }
        return s;
    }

    private static boolean flag(Map<String, Object> m, String field) {
        return Boolean.TRUE.equals(m.get(field));
    }

    private static @Nullable Instant instant(Map<String, Object> m, String field) {
        Object value = m.get(field);
        return value instanceof String s ? Instant.parse(s) : null;
    }
}
