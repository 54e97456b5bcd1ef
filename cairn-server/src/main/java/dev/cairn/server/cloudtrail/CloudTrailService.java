package dev.cairn.server.cloudtrail;

import dev.cairn.bucket.ObjectStore;
import dev.cairn.protocol.operation.OperationRegistry;
import dev.cairn.protocol.operation.ServiceModel;
import dev.cairn.signing.SigningKeyStore;
import dev.cairn.time.Clock;
import dev.cairn.trail.DeliveryStatusBoard;
import dev.cairn.trail.TrailRepository;
import java.time.Duration;

/**
 * AWS CloudTrail's control plane over JSON 1.1 ({@code CloudTrail_20131101}): event history (LookupEvents);
 * trails, their logging, event and Insights selectors and tags; and the public keys of digest signing
 * (ListPublicKeys). Lake, channels and dashboards are not served.
 */
public final class CloudTrailService {
    public static final ServiceModel MODEL =
            ServiceModel.json11("cloudtrail", "2013-11-01", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101");

    private final LookupEvents lookupEvents;
    private final Trails trails;
    private final TrailSelectorsOps selectors;
    private final TrailTags tags;
    private final ListPublicKeys publicKeys;

    /**
     * @param tokenKey the secret that signs LookupEvents NextTokens (at least 32 bytes)
     * @param retention how far back event history reaches
     * @param lookupRatePerSecond LookupEvents calls allowed per account and region per second; 0 for no limit
     * @param trailRepository where trails are kept; writes go through the call's metadata transaction
     * @param buckets the buckets trails deliver to, checked to exist
     * @param keys the digest-signing keys, for ListPublicKeys
     * @param statuses how each trail's delivery is going, for GetTrailStatus
     * @param managementAccountId the management account of the organization, the only one that may create
     *     organization trails
     */
    public CloudTrailService(
            EventHistory history,
            byte[] tokenKey,
            Clock clock,
            Duration retention,
            double lookupRatePerSecond,
            TrailRepository trailRepository,
            ObjectStore buckets,
            SigningKeyStore keys,
            DeliveryStatusBoard statuses,
            String managementAccountId) {
        this.lookupEvents = new LookupEvents(history, new NextTokens(tokenKey), clock, retention, lookupRatePerSecond);
        this.trails = new Trails(trailRepository, buckets, statuses, managementAccountId);
        this.selectors = new TrailSelectorsOps(trailRepository, trails.lookup(), buckets);
        this.tags = new TrailTags(trailRepository);
        this.publicKeys = new ListPublicKeys(keys);
    }

    public void register(OperationRegistry registry) {
        registry.service(MODEL)
                .read("LookupEvents", lookupEvents::handle)
                .write("CreateTrail", trails::createTrail)
                .write("UpdateTrail", trails::updateTrail)
                .write("DeleteTrail", trails::deleteTrail)
                .read("GetTrail", trails::getTrail)
                .read("DescribeTrails", trails::describeTrails)
                .read("ListTrails", trails::listTrails)
                .read("GetTrailStatus", trails::getTrailStatus)
                .write("StartLogging", trails::startLogging)
                .write("StopLogging", trails::stopLogging)
                .write("PutEventSelectors", selectors::putEventSelectors)
                .read("GetEventSelectors", selectors::getEventSelectors)
                .write("PutInsightSelectors", selectors::putInsightSelectors)
                .read("GetInsightSelectors", selectors::getInsightSelectors)
                .write("AddTags", tags::addTags)
                .write("RemoveTags", tags::removeTags)
                .read("ListTags", tags::listTags)
                .read("ListPublicKeys", publicKeys::handle);
    }
}
