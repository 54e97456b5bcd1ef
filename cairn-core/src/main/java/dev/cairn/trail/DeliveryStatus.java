package dev.cairn.trail;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How a trail's delivery is going, as GetTrailStatus reports it. Each field is null until the event it
 * describes first happened.
 *
 * @param latestDeliveryTime when a log file was last delivered
 * @param latestDeliveryAttemptTime when delivering a log file was last attempted, successfully or not
 * @param latestDeliveryError the error code of the last failed log delivery, cleared by a success
 * @param latestDigestDeliveryTime when a digest file was last delivered
 * @param latestDigestDeliveryError the error code of the last failed digest delivery, cleared by a success
 */
public record DeliveryStatus(
        @Nullable Instant latestDeliveryTime,
        @Nullable Instant latestDeliveryAttemptTime,
        @Nullable String latestDeliveryError,
        @Nullable Instant latestDigestDeliveryTime,
        @Nullable String latestDigestDeliveryError) {

    public static final DeliveryStatus NONE = new DeliveryStatus(null, null, null, null, null);
}
