package dev.cairn.trail.delivery;

/**
 * Observes trail delivery, for metrics: what was written, and what failed. Called on delivery threads;
 * implementations must be quick and must not throw.
 */
public interface DeliveryListener {

    /** A listener that observes nothing. */
    DeliveryListener NONE = new DeliveryListener() {};

    /** A log file of {@code events} events, {@code compressedBytes} long, was written for the trail. */
    default void logFileDelivered(String trailArn, int events, long compressedBytes) {}

    /** Writing a log file failed with the S3-style {@code errorCode}; it will be retried. */
    default void logFileFailed(String trailArn, String errorCode) {}

    /** A digest file was written for the trail. */
    default void digestDelivered(String trailArn) {}

    /** Writing a digest file failed with the S3-style {@code errorCode}; it will be retried. */
    default void digestFailed(String trailArn, String errorCode) {}

    /** An event the trail read was not delivered because the trail does not select it (on purpose). */
    default void eventsSkipped(String trailArn, int events) {}

    /** A journal record could not be read as an event and was not delivered (not on purpose). */
    default void recordUnreadable(String trailArn) {}
}
