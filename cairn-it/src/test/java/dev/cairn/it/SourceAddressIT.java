package dev.cairn.it;

import static dev.cairn.it.HistoryClients.lookupAll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;

/**
 * An event's {@code sourceIPAddress} is the connecting peer's address, and X-Forwarded-For counts only when
 * that peer is one of the configured {@code --trusted-proxies}: then the rightmost forwarded address that is
 * not itself a trusted proxy is taken. Two servers: one that trusts 127.0.0.1 (the test's own address), one
 * that trusts nothing.
 */
class SourceAddressIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    private static CairnProcess behindProxy;
    private static CairnProcess direct;

    @BeforeAll
    static void startServers() {
        behindProxy = CairnProcess.start("SourceAddressIT-proxied", "--trusted-proxies", "127.0.0.1, 10.0.0.0/8");
        direct = CairnProcess.start("SourceAddressIT-direct");
    }

    @AfterAll
    static void stopServers() {
        for (CairnProcess server : new CairnProcess[] {behindProxy, direct}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void behindATrustedProxyTheForwardedClientAddressIsRecorded() throws Exception {
        assertThat(sourceAddress(behindProxy, "198.51.100.7")).isEqualTo("198.51.100.7");
    }

    @Test
    void addressesTheClientWroteBeforeTheTrustedHopsAreNotBelieved() throws Exception {
        assertThat(sourceAddress(behindProxy, "6.6.6.6, 198.51.100.7, 10.1.2.3"))
                .as("6.6.6.6 is what the client claimed; 10.1.2.3 is a trusted proxy")
                .isEqualTo("198.51.100.7");
    }

    @Test
    void aForwardedEntryThatIsNotAnAddressLeavesTheProxysOwn() throws Exception {
        assertThat(sourceAddress(behindProxy, "unknown")).isEqualTo("127.0.0.1");
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() throws Exception {
        assertThat(sourceAddress(direct, "198.51.100.7")).isEqualTo("127.0.0.1");
    }

    @Test
    void aCallRefusedAtAuthenticationIsRecordedWithTheForwardedAddress() throws Exception {
        HttpResponse<String> refused = getCallerIdentity(
                behindProxy,
                "198.51.100.99",
                AwsBasicCredentials.create(behindProxy.adminCredentials().accessKeyId(), "not-the-secret"));
        assertThat(refused.statusCode()).isEqualTo(403);

        assertThat(event(behindProxy, refused).path("sourceIPAddress").asText()).isEqualTo("198.51.100.99");
    }

    /** Calls GetCallerIdentity with {@code forwardedFor} and returns the sourceIPAddress of its event. */
    private static String sourceAddress(CairnProcess server, String forwardedFor) throws Exception {
        HttpResponse<String> response = getCallerIdentity(server, forwardedFor, server.adminCredentials());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return event(server, response).path("sourceIPAddress").asText();
    }

    /** Sends a GetCallerIdentity signed with {@code credentials}, with {@code forwardedFor} as X-Forwarded-For. */
    private static HttpResponse<String> getCallerIdentity(
            CairnProcess server, String forwardedFor, AwsBasicCredentials credentials) {
        RawHttp http = new RawHttp(server);
        return http.send(http.signed(
                "POST",
                "/",
                "sts",
                "Action=GetCallerIdentity&Version=2011-06-15",
                headers(forwardedFor),
                credentials,
                Clock.systemUTC()));
    }

    private static Map<String, String> headers(String forwardedFor) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", FORM);
        headers.put("X-Forwarded-For", forwardedFor);
        return headers;
    }

    /** Returns the CloudTrail record of the call that got {@code response}, found by its request id. */
    private static JsonNode event(CairnProcess server, HttpResponse<String> response) throws Exception {
        String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
        try (CloudTrailClient trail = HistoryClients.cloudTrail(server)) {
            List<Event> events = lookupAll(trail, LookupAttributeKey.EVENT_NAME, "GetCallerIdentity");
            for (Event event : events) {
                JsonNode record = JSON.readTree(event.cloudTrailEvent());
                if (requestId.equals(record.path("requestID").asText())) {
                    return record;
                }
            }
        }
        throw new AssertionError("no GetCallerIdentity event with requestID " + requestId);
    }
}
