package dev.cairn.protocol.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.http.Headers;
import dev.cairn.protocol.http.HttpRequest;
import dev.cairn.protocol.http.HttpResponse;
import dev.cairn.protocol.operation.ServiceModel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryProtocolTest {
    private static final ServiceModel STS = ServiceModel.query("sts", "2011-06-15", true);

    @Test
    void membersTurnIndexedPathsIntoListsAndLeaveTheEnvelopeOut() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Action", "CreateRole");
        params.put("Version", "2010-05-08");
        params.put("RoleName", "r");
        params.put("Tags.member.2.Key", "k2");
        params.put("Tags.member.1.Key", "k1");
        params.put("Tags.member.1.Value", "v1");
        params.put("PolicyArns.member.1.arn", "arn:aws:iam::aws:policy/x");
        params.put("X-Amz-Signature", "abc");
        ObjectNode members = QueryProtocol.members(params);
        assertThat(members.toString())
                .isEqualTo("{\"RoleName\":\"r\",\"Tags\":[{\"Key\":\"k1\",\"Value\":\"v1\"},{\"Key\":\"k2\"}],"
                        + "\"PolicyArns\":[{\"arn\":\"arn:aws:iam::aws:policy/x\"}]}");
    }

    @Test
    void parametersComeFromTheUrlAndTheFormBody() {
        HttpRequest request = new HttpRequest(
                "POST",
                "/",
                "Action=GetCallerIdentity",
                new Headers().set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                "Version=2011-06-15".getBytes(StandardCharsets.UTF_8),
                "127.0.0.1");
        assertThat(QueryProtocol.matches(request)).isTrue();
        assertThat(QueryProtocol.parameters(request))
                .containsExactly(Map.entry("Action", "GetCallerIdentity"), Map.entry("Version", "2011-06-15"));
    }

    @Test
    void aJsonRequestIsNotAQueryCall() {
        HttpRequest request = new HttpRequest(
                "POST", "/", null, new Headers().set("Content-Type", "application/x-amz-json-1.1"), new byte[0], "::1");
        assertThat(QueryProtocol.matches(request)).isFalse();
    }

    @Test
    void successWrapsTheResultAndTheRequestId() {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("Arn", "arn:aws:iam::123456789012:user/a&b");
        HttpResponse response = QueryProtocol.success(STS, "GetCallerIdentity", "rid-1", out);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().first("x-amzn-RequestId")).isEqualTo("rid-1");
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/a&amp;b</Arn>"
                        + "</GetCallerIdentityResult><ResponseMetadata><RequestId>rid-1</RequestId>"
                        + "</ResponseMetadata></GetCallerIdentityResponse>");
    }

    @Test
    void anOperationWithoutOutputHasNoResultElement() {
        String body =
                new String(QueryProtocol.success(STS, "DeleteUser", "r", null).body(), StandardCharsets.UTF_8);
        assertThat(body).doesNotContain("DeleteUserResult").contains("<RequestId>r</RequestId>");
    }

    @Test
    void errorsCarryTypeCodeMessageAndStatus() {
        HttpResponse response =
                QueryProtocol.error(STS, "r2", new AwsException("InvalidClientTokenId", 403, "The security token <x>"));
        assertThat(response.status()).isEqualTo(403);
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                        + "<Type>Sender</Type><Code>InvalidClientTokenId</Code>"
                        + "<Message>The security token &lt;x&gt;</Message></Error><RequestId>r2</RequestId>"
                        + "</ErrorResponse>");
    }

    @Test
    void serverFaultsAreReceiverErrors() {
        String body = new String(
                QueryProtocol.error(STS, "r", new AwsException("InternalFailure", 500, "boom"))
                        .body(),
                StandardCharsets.UTF_8);
        assertThat(body).contains("<Type>Receiver</Type>");
    }
}
