package dev.cairn.cli.events;

import dev.cairn.history.LookupAttributeKey;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options that choose events: one per LookupEvents attribute, all of which an event must have, and a
 * time range.
 */
final class FilterOptions {
    @Option(names = "--event-name", paramLabel = "NAME", description = "The API action, such as CreateUser.")
    @Nullable
    String eventName;

    @Option(
            names = "--username",
            paramLabel = "NAME",
            description = "The caller as event history names it: an IAM user's name, a role session's name, root.")
    @Nullable
    String username;

    @Option(names = "--event-source", paramLabel = "SOURCE", description = "The service, such as iam.amazonaws.com.")
    @Nullable
    String eventSource;

    @Option(
            names = "--read-only",
            paramLabel = "true|false",
            description = "true for read-only calls only, false for calls that change something.")
    @Nullable
    String readOnly;

    @Option(names = "--resource-type", paramLabel = "TYPE", description = "A resource type, such as AWS::IAM::User.")
    @Nullable
    String resourceType;

    @Option(names = "--resource-name", paramLabel = "NAME", description = "A resource name, such as a user's name.")
    @Nullable
    String resourceName;

    @Option(names = "--access-key-id", paramLabel = "KEY", description = "The access key that signed the call.")
    @Nullable
    String accessKeyId;

    @Option(names = "--event-id", paramLabel = "ID", description = "One event, by its eventID.")
    @Nullable
    String eventId;

    @Option(
            names = "--start",
            paramLabel = "TIME",
            description = "Events at or after TIME: an ISO-8601 instant (2026-01-15T10:00:00Z), a date (UTC), or"
                    + " a span ago such as 30m, 1h, 7d (default: as far back as history reaches).")
    @Nullable
    String start;

    @Option(
            names = "--end",
            paramLabel = "TIME",
            description = "Events at or before TIME, in the forms of --start (default: now).")
    @Nullable
    String end;

    /** Returns the attributes asked for, or reports a usage error for a bad one. */
    AttributeCriteria criteria(CommandSpec spec) {
        Map<LookupAttributeKey, String> wanted = new EnumMap<>(LookupAttributeKey.class);
        put(wanted, LookupAttributeKey.EventName, eventName, "--event-name", spec);
        put(wanted, LookupAttributeKey.Username, username, "--username", spec);
        put(wanted, LookupAttributeKey.EventSource, eventSource, "--event-source", spec);
        put(wanted, LookupAttributeKey.ResourceType, resourceType, "--resource-type", spec);
        put(wanted, LookupAttributeKey.ResourceName, resourceName, "--resource-name", spec);
        put(wanted, LookupAttributeKey.AccessKeyId, accessKeyId, "--access-key-id", spec);
        put(wanted, LookupAttributeKey.EventId, eventId, "--event-id", spec);
        if (readOnly != null) {
            String value = readOnly.strip().toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                throw new ParameterException(
                        spec.commandLine(), "--read-only '" + readOnly + "' must be true or false");
            }
            wanted.put(LookupAttributeKey.ReadOnly, value);
        }
        return new AttributeCriteria(wanted);
    }

    private static void put(
            Map<LookupAttributeKey, String> wanted,
            LookupAttributeKey key,
            @Nullable String value,
            String option,
            CommandSpec spec) {
        if (value == null) {
            return;
        }
        if (value.isEmpty()) {
            throw new ParameterException(spec.commandLine(), option + " must not be empty");
        }
        wanted.put(key, value);
    }

    /** The time range, each end null when not given; a start after the end is a usage error. */
    record Range(@Nullable Instant start, @Nullable Instant end) {}

    Range range(CommandSpec spec, Instant now) {
        Instant from = instant("--start", start, now, spec);
        Instant to = instant("--end", end, now, spec);
        if (from != null && to != null && from.isAfter(to)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--start " + from + " is after --end " + to + "; the start must be at or before the end");
        }
        return new Range(from, to);
    }

    private static @Nullable Instant instant(String option, @Nullable String text, Instant now, CommandSpec spec) {
        if (text == null) {
            return null;
        }
        try {
            return TimeArgument.parse(option, text, now);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
