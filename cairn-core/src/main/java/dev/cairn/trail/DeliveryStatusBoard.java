package dev.cairn.trail;

/** Where trail delivery publishes each trail's {@link DeliveryStatus}, and GetTrailStatus reads it. */
public interface DeliveryStatusBoard {

    /** Returns the status of the trail with this ARN, {@link DeliveryStatus#NONE} when nothing happened. */
    DeliveryStatus status(String trailArn);
}
