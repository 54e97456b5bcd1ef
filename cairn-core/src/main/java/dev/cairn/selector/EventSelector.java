package dev.cairn.selector;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One basic event selector.
 *
 * @param readWriteType which events by their {@code readOnly}, for management and data events alike
 * @param includeManagementEvents whether management events are selected
 * @param dataResources the data events selected, by resource type and ARN values
 * @param excludeManagementEventSources management event sources not selected, such as {@code
 *     kms.amazonaws.com}
 */
public record EventSelector(
        ReadWriteType readWriteType,
        boolean includeManagementEvents,
        List<DataResource> dataResources,
        List<String> excludeManagementEventSources) {
    public EventSelector {
        requireNonNull(readWriteType, "readWriteType is null");
        dataResources = List.copyOf(dataResources);
        excludeManagementEventSources = List.copyOf(excludeManagementEventSources);
    }
}
