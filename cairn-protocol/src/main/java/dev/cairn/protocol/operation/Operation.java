package dev.cairn.protocol.operation;

import static java.util.Objects.requireNonNull;

/**
 * One operation of a service: its name as the wire carries it, whether it only reads (CloudTrail's
 * {@code readOnly}), and its handler.
 */
public record Operation(ServiceModel service, String name, boolean readOnly, OperationHandler handler) {
    public Operation {
        requireNonNull(service, "service is null");
        requireNonNull(name, "name is null");
        requireNonNull(handler, "handler is null");
    }
}
