package dev.cairn.cli.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryResource;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The flat views of an event that the CLI prints: a CSV row with the columns of the console's download,
 * and a table row. Fields LookupEvents gives directly (name, source, user, key, read-only, resources, id)
 * come from there; the others from the top level of the record in {@code CloudTrailEvent}.
 */
final class EventRows {
    /** The CSV header: the record's own field names, in the order of the console's download. */
    static final List<String> CSV_HEADER = List.of(
            "eventTime",
            "eventName",
            "eventSource",
            "userName",
            "awsRegion",
            "sourceIPAddress",
            "userAgent",
            "accessKeyId",
            "readOnly",
            "errorCode",
            "errorMessage",
            "resources",
            "eventId",
            "requestId");

    /** The table header. */
    static final List<String> TABLE_HEADER = List.of("TIME", "EVENT NAME", "USER", "SOURCE", "READ-ONLY", "RESOURCES");

    private static final Set<String> RECORD_FIELDS =
            Set.of("eventTime", "awsRegion", "sourceIPAddress", "userAgent", "errorCode", "errorMessage", "requestID");
    private static final JsonFactory JSON = new JsonFactory();

    private EventRows() {}

    /** Returns the CSV row of {@code event}, one value per {@link #CSV_HEADER} column; absent values are empty. */
    static List<String> csv(HistoryEvent event) {
        Map<String, String> record = recordFields(event.cloudTrailEvent());
        return List.of(
                record.getOrDefault("eventTime", time(event)),
                event.eventName(),
                event.eventSource(),
                orEmpty(event.username()),
                record.getOrDefault("awsRegion", ""),
                record.getOrDefault("sourceIPAddress", ""),
                record.getOrDefault("userAgent", ""),
                orEmpty(event.accessKeyId()),
                orEmpty(event.readOnly()),
                record.getOrDefault("errorCode", ""),
                record.getOrDefault("errorMessage", ""),
                resourcesJson(event.resources()),
                event.eventId(),
                record.getOrDefault("requestID", ""));
    }

    /** Returns the table row of {@code event}, one value per {@link #TABLE_HEADER} column; absent ones are "-". */
    static List<String> table(HistoryEvent event) {
        StringBuilder resources = new StringBuilder();
        for (HistoryResource r : event.resources()) {
            if (!resources.isEmpty()) {
                resources.append(", ");
            }
            resources.append(r.resourceName());
            if (r.resourceType() != null) {
                resources.append(" (").append(r.resourceType()).append(')');
            }
        }
        return List.of(
                time(event),
                dash(event.eventName()),
                dash(event.username()),
                dash(event.eventSource()),
                dash(event.readOnly()),
                dash(resources.toString()));
    }

    /** The event time as ISO-8601 in UTC, to the second, as records write it. */
    static String time(HistoryEvent event) {
        return DateTimeFormatter.ISO_INSTANT.format(event.eventTime().truncatedTo(ChronoUnit.SECONDS));
    }

    /** The resources as a compact JSON array of {@code {"ResourceType":..,"ResourceName":..}}, as LookupEvents has them. */
    static String resourcesJson(List<HistoryResource> resources) {
        if (resources.isEmpty()) {
            return "";
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (HistoryResource r : resources) {
                g.writeStartObject();
                if (r.resourceType() != null) {
                    g.writeStringField("ResourceType", r.resourceType());
                }
                g.writeStringField("ResourceName", r.resourceName());
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Returns the top-level string and number fields of the record that the CSV takes; none when it is not JSON. */
    static Map<String, String> recordFields(String record) {
        Map<String, String> found = new HashMap<>();
        try (JsonParser p = JSON.createParser(record)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return found;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if (value != JsonToken.VALUE_NULL && RECORD_FIELDS.contains(name)) {
                    found.putIfAbsent(name, p.getText());
                }
            }
        } catch (IOException e) {
            // a broken record: keep what was read
        }
        return found;
    }

    private static String orEmpty(@Nullable String s) {
        return s == null ? "" : s;
    }

    private static String dash(@Nullable String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
