package dev.cairn.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

/**
 * CloudTrail and Organizations clients pointed at a {@link CairnProcess}, set up as {@link Clients} sets up
 * the IAM and STS ones (static credentials, no retries), and a LookupEvents reader that follows NextTokens.
 */
final class HistoryClients {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private HistoryClients() {}

    /** A CloudTrail client signing for {@code region}: event history is per account and region. */
    static CloudTrailClient cloudTrail(CairnProcess server, AwsCredentials credentials, Region region) {
        return CloudTrailClient.builder()
                .endpointOverride(server.endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(
                        o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(CALL_TIMEOUT))
                .build();
    }

    static CloudTrailClient cloudTrail(CairnProcess server) {
        return cloudTrail(server, server.adminCredentials(), Region.US_EAST_1);
    }

    /** An Organizations client; Organizations is global and signs for us-east-1. */
    static OrganizationsClient organizations(CairnProcess server, AwsCredentials credentials) {
        return OrganizationsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(
                        o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(CALL_TIMEOUT))
                .build();
    }

    static LookupAttribute attribute(LookupAttributeKey key, String value) {
        return LookupAttribute.builder().attributeKey(key).attributeValue(value).build();
    }

    /** Every event of a lookup, page by page through NextToken (at most 200 pages), in the order returned. */
    static List<Event> lookupAll(CloudTrailClient trail, Consumer<LookupEventsRequest.Builder> request) {
        List<Event> events = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            LookupEventsResponse page = trail.lookupEvents(r -> {
                request.accept(r);
                r.nextToken(next);
            });
            events.addAll(page.events());
            token = page.nextToken();
            pages++;
        } while (token != null && pages < 200);
        if (token != null) {
            throw new IllegalStateException("the lookup did not end within 200 pages");
        }
        return events;
    }

    /** Every event of the caller's history in the client's region. */
    static List<Event> lookupAll(CloudTrailClient trail) {
        return lookupAll(trail, r -> {});
    }

    /** Every event matching one lookup attribute. */
    static List<Event> lookupAll(CloudTrailClient trail, LookupAttributeKey key, String value) {
        return lookupAll(trail, r -> r.lookupAttributes(attribute(key, value)));
    }
}
