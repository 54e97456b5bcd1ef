package dev.cairn.it;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * AWS SDK clients pointed at a {@link CairnProcess}: static credentials, the URL-connection HTTP client, and
 * no retries, so that an error reaches the test as the server sent it. (The SDK retries clock-skew errors
 * after moving its clock to the response's Date header, which would hide exactly what some tests check.)
 */
final class Clients {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private Clients() {}

    static StsClient sts(CairnProcess server, AwsCredentials credentials) {
        return StsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(
                        o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(CALL_TIMEOUT))
                .build();
    }

    static StsClient sts(CairnProcess server) {
        return sts(server, server.adminCredentials());
    }

    static IamClient iam(CairnProcess server, AwsCredentials credentials) {
        return IamClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(
                        o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(CALL_TIMEOUT))
                .build();
    }

    static IamClient iam(CairnProcess server) {
        return iam(server, server.adminCredentials());
    }
}
