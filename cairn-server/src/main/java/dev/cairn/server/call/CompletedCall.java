package dev.cairn.server.call;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.operation.Call;
import org.jspecify.annotations.Nullable;

/**
 * A call that reached an operation, with how it ended: the output members on success, or the error. This
 * is everything an audit record needs: the identity, the request, the response or error, and the request
 * id.
 */
public record CompletedCall(
        Call call, @Nullable ObjectNode output, @Nullable AwsException error) {
    public CompletedCall {
        requireNonNull(call, "call is null");
        if ((output != null) && (error != null)) {
            throw new IllegalArgumentException("a call ends with an output or an error, not both");
        }
    }

    public boolean succeeded() {
        return error == null;
    }
}
