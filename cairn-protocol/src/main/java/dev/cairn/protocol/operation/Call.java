package dev.cairn.protocol.operation;

import static java.util.Objects.requireNonNull;

import dev.cairn.identity.Caller;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One authenticated call as an operation sees it: which operation, the decoded input, the caller, the
 * region from the credential scope, and where and when it came from.
 *
 * @param requestId the id returned in {@code x-amzn-RequestId}
 * @param region the region of the credential scope
 * @param time when the call was received
 * @param sourceIp the client address
 * @param userAgent the {@code User-Agent} header, if sent
 */
public record Call(
        String requestId,
        Operation operation,
        Input input,
        Caller caller,
        String region,
        Instant time,
        String sourceIp,
        @Nullable String userAgent) {

    public Call {
        requireNonNull(requestId, "requestId is null");
        requireNonNull(operation, "operation is null");
        requireNonNull(input, "input is null");
        requireNonNull(caller, "caller is null");
        requireNonNull(region, "region is null");
        requireNonNull(time, "time is null");
        requireNonNull(sourceIp, "sourceIp is null");
    }

    /** Returns the caller's account. */
    public String accountId() {
        return caller.accountId();
    }
}
