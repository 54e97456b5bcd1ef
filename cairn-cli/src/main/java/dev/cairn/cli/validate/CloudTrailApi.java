package dev.cairn.cli.validate;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.aws.AwsErrorException;
import dev.cairn.cli.aws.CloudTrailClient;
import dev.cairn.protocol.sigv4.SigningCredentials;
import dev.cairn.signing.PublicKeyInfo;
import dev.cairn.time.Clock;
import dev.cairn.trail.validation.ValidationException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The two CloudTrail calls validate-logs makes, through a {@link CloudTrailClient} (JSON 1.1, SigV4 for
 * service {@code cloudtrail}, retries of throttling and 503s): DescribeTrails, to find a trail's bucket and
 * prefix, and ListPublicKeys. A call that fails ends the validation with the aws CLI's wording: {@code An
 * error occurred (Code) when calling the Operation operation: message}.
 */
final class CloudTrailApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What DescribeTrails says of a trail: where it delivers and whether it is an organization trail. */
    record TrailInfo(String bucket, @Nullable String prefix, boolean organization) {}

    private final CloudTrailClient client;

    CloudTrailApi(CloudTrailClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    /** Returns a client of {@code endpoint} over java.net.http. */
    static CloudTrailApi http(URI endpoint, SigningCredentials credentials, Clock clock, String userAgent) {
        return new CloudTrailApi(CloudTrailClient.http(endpoint, credentials, clock, userAgent));
    }

    /**
     * Calls DescribeTrails with an empty request in {@code region}, as validate-logs does (so shadow trails are
     * included), and returns the trail whose {@code TrailARN} is {@code trailArn}.
     */
    Optional<TrailInfo> describeTrail(String region, String trailArn) {
        JsonNode answer = call("DescribeTrails", region, JSON.createObjectNode());
        for (JsonNode trail : answer.path("trailList")) {
            if (trailArn.equals(trail.path("TrailARN").asText(null))) {
                JsonNode bucket = trail.get("S3BucketName");
                if (bucket == null || !bucket.isTextual()) {
                    throw new ValidationException(
                            "DescribeTrails answered trail " + trailArn + " without S3BucketName");
                }
                JsonNode prefix = trail.get("S3KeyPrefix");
                return Optional.of(new TrailInfo(
                        bucket.asText(),
                        prefix == null || prefix.isNull() ? null : prefix.asText(),
                        trail.path("IsOrganizationTrail").asBoolean(false)));
            }
        }
        return Optional.empty();
    }

    /** Calls ListPublicKeys in {@code region} for {@code [from, to]}, in epoch seconds as the aws CLI sends them. */
    List<PublicKeyInfo> listPublicKeys(String region, Instant from, Instant to) {
        ObjectNode body = JSON.createObjectNode();
        body.put("StartTime", from.getEpochSecond());
        body.put("EndTime", to.getEpochSecond());
        JsonNode answer = call("ListPublicKeys", region, body);
        List<PublicKeyInfo> keys = new ArrayList<>();
        for (JsonNode key : answer.path("PublicKeyList")) {
            byte[] der;
            try {
                der = Base64.getDecoder().decode(key.path("Value").asText(""));
            } catch (IllegalArgumentException e) {
                der = new byte[0]; // validate-logs then reports "Unable to load PKCS #1 key"
            }
            keys.add(new PublicKeyInfo(
                    der,
                    time(key.get("ValidityStartTime"), Instant.EPOCH),
                    time(key.get("ValidityEndTime"), Instant.MAX),
                    key.path("Fingerprint").asText("")));
        }
        return keys;
    }

    private JsonNode call(String operation, String region, ObjectNode input) {
        URI endpoint = client.endpoint();
        byte[] answer;
        try {
            answer = client.call(region, operation, input);
        } catch (AwsErrorException e) {
            throw new ValidationException("An error occurred (" + e.code() + ") when calling the " + operation
                    + " operation: " + e.awsMessageOr("Unknown"));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ValidationException("Could not connect to the endpoint URL: \"" + endpoint + "\"", e);
        } catch (IOException e) {
            throw new ValidationException(
                    "An error occurred when calling the " + operation + " operation at " + endpoint + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ValidationException("interrupted while calling " + operation, e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(answer);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw new ValidationException("The " + operation + " answer of " + endpoint + " is not a JSON object");
        }
        return root;
    }

    /** Reads a timestamp of a JSON 1.1 answer: epoch seconds (maybe with a fraction) or ISO-8601. */
    private static Instant time(@Nullable JsonNode node, Instant otherwise) {
        if (node != null && node.isNumber()) {
            BigDecimal seconds = node.decimalValue();
            return Instant.ofEpochSecond(
                    seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        if (node != null && node.isTextual()) {
            try {
                return Instant.parse(node.asText());
            } catch (DateTimeParseException e) {
                return otherwise;
            }
        }
        return otherwise;
    }
}
