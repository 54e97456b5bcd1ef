package dev.cairn.server.call;

/**
 * The place in the request path where every call that reached an operation is recorded: after
 * authentication, after the operation ran, before the caller is answered. An implementation that cannot
 * record must throw an {@link dev.cairn.protocol.error.AwsException} (a 5xx), which the caller then
 * receives instead of the operation's answer, so that no call is acknowledged unrecorded.
 */
@FunctionalInterface
public interface CallRecorder {
    void record(CompletedCall call);

    /**
     * Records that a call recorded as {@code call} did not take effect after all, because its changes
     * could not be stored, and ended with {@code error}. Best effort: never throws.
     */
    default void reverted(CompletedCall call, dev.cairn.protocol.error.AwsException error) {}

    /** Records a call refused at authentication; never throws, the call keeps its own error. */
    default void rejected(dev.cairn.server.recording.RejectedCall call) {}
}
