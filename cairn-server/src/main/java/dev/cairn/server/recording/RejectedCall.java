package dev.cairn.server.recording;

import static java.util.Objects.requireNonNull;

import dev.cairn.identity.Caller;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.operation.ServiceModel;
import org.jspecify.annotations.Nullable;

/**
 * A call refused at authentication, as far as it can be told: the service and operation it named, the
 * access key it claimed, that key's owner if the key exists, and the error it got.
 */
public record RejectedCall(
        String requestId,
        ServiceModel service,
        @Nullable String operation,
        String accessKeyId,
        @Nullable Caller owner,
        String defaultAccountId,
        @Nullable String region,
        String sourceIp,
        @Nullable String userAgent,
        AwsException error) {

    public RejectedCall {
        requireNonNull(requestId, "requestId is null");
        requireNonNull(service, "service is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(defaultAccountId, "defaultAccountId is null");
        requireNonNull(sourceIp, "sourceIp is null");
        requireNonNull(error, "error is null");
    }
}
