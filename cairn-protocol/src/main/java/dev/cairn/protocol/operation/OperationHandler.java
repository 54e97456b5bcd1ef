package dev.cairn.protocol.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * The body of one operation: turns a call's input into its output members, or throws an
 * {@link dev.cairn.protocol.error.AwsException}. Return null for an operation without output.
 */
@FunctionalInterface
public interface OperationHandler {
    @Nullable
    ObjectNode handle(Call call);
}
