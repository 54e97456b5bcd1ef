package dev.cairn.history;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One item of a LookupEvents event's {@code Resources}: a resource the call named, derived by
 * {@link HistoryFields#resources}.
 *
 * @param resourceType such as {@code AWS::IAM::Role}, or null when it cannot be told
 * @param resourceName the resource's name, such as {@code my-trail}
 */
public record HistoryResource(@Nullable String resourceType, String resourceName) {

    public HistoryResource {
        requireNonNull(resourceName, "resourceName is null");
    }
}
