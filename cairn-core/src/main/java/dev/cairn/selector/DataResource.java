package dev.cairn.selector;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The data events a basic selector takes: of resources of {@code type} (such as {@code AWS::S3::Object})
 * whose ARN matches one of {@code values}.
 */
public record DataResource(String type, List<String> values) {
    public DataResource {
        requireNonNull(type, "type is null");
        values = List.copyOf(values);
    }
}
