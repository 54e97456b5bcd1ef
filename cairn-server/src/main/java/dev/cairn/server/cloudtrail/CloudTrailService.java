package dev.cairn.server.cloudtrail;

import dev.cairn.protocol.operation.OperationRegistry;
import dev.cairn.protocol.operation.ServiceModel;
import dev.cairn.time.Clock;
import java.time.Duration;

/**
 * AWS CloudTrail's control plane over JSON 1.1 ({@code CloudTrail_20131101}): event history today;
 * trails, selectors and digests as they land.
 */
public final class CloudTrailService {
    public static final ServiceModel MODEL =
            ServiceModel.json11("cloudtrail", "2013-11-01", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101");

    private final LookupEvents lookupEvents;

    /**
     * @param tokenKey the secret that signs LookupEvents NextTokens (at least 32 bytes)
     * @param retention how far back event history reaches
     * @param lookupRatePerSecond LookupEvents calls allowed per account and region per second; 0 for no limit
     */
    public CloudTrailService(
            EventHistory history, byte[] tokenKey, Clock clock, Duration retention, double lookupRatePerSecond) {
        this.lookupEvents = new LookupEvents(history, new NextTokens(tokenKey), clock, retention, lookupRatePerSecond);
    }

    public void register(OperationRegistry registry) {
        registry.service(MODEL).read("LookupEvents", lookupEvents::handle);
    }
}
