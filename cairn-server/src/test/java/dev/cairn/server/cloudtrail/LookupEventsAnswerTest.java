package dev.cairn.server.cloudtrail;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryResource;
import dev.cairn.history.RecordText;
import dev.cairn.protocol.json.JsonProtocol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LookupEventsAnswerTest {

    private static final String RECORD =
            "{\"eventName\":\"CreateUser\",\"userAgent\":\"aws-cli \\\"x\\\" \u00e9\",\"note\":\"a\\nb\"}";

    private static HistoryEvent full() {
        return new HistoryEvent(
                "e-1",
                "CreateUser",
                "false",
                "AKIAEXAMPLE",
                Instant.ofEpochSecond(1_700_000_000L),
                "iam.amazonaws.com",
                "al\"ice\\ \u65e5",
                List.of(new HistoryResource("AWS::IAM::User", "bob"), new HistoryResource(null, "arn:x")),
                RecordText.ofJson(RECORD));
    }

    private static HistoryEvent bare() {
        return new HistoryEvent(
                "e-2",
                "",
                null,
                null,
                Instant.ofEpochSecond(5),
                "sts.amazonaws.com",
                null,
                List.of(),
                RecordText.ofLiteral("..\"{}\"..".getBytes(UTF_8), 2, 4));
    }

    @Test
    void everyMemberIsWrittenWithItsValueAndTypeAndAbsentOnesAreLeftOut() throws Exception {
        JsonNode answer = JsonProtocol.MAPPER.readTree(LookupEventsAnswer.of(List.of(full(), bare()), null));

        assertThat(answer.size()).isEqualTo(1);
        JsonNode first = answer.get("Events").get(0);
        assertThat(first.get("EventId").textValue()).isEqualTo("e-1");
        assertThat(first.get("EventName").textValue()).isEqualTo("CreateUser");
        assertThat(first.get("ReadOnly").textValue()).isEqualTo("false");
        assertThat(first.get("AccessKeyId").textValue()).isEqualTo("AKIAEXAMPLE");
        assertThat(first.get("EventTime").isIntegralNumber()).isTrue();
        assertThat(first.get("EventTime").longValue()).isEqualTo(1_700_000_000L);
        assertThat(first.get("EventSource").textValue()).isEqualTo("iam.amazonaws.com");
        assertThat(first.get("Username").textValue()).isEqualTo("al\"ice\\ \u65e5");
        assertThat(first.get("Resources").get(0).get("ResourceType").textValue())
                .isEqualTo("AWS::IAM::User");
        assertThat(first.get("Resources").get(0).get("ResourceName").textValue())
                .isEqualTo("bob");
        assertThat(first.get("Resources").get(1).has("ResourceType")).isFalse();
        assertThat(first.get("Resources").get(1).get("ResourceName").textValue())
                .isEqualTo("arn:x");
        assertThat(first.get("CloudTrailEvent").textValue()).isEqualTo(RECORD);
        assertThat(fieldNames(first))
                .containsExactly(
                        "EventId",
                        "EventName",
                        "ReadOnly",
                        "AccessKeyId",
                        "EventTime",
                        "EventSource",
                        "Username",
                        "Resources",
                        "CloudTrailEvent");

        JsonNode second = answer.get("Events").get(1);
        assertThat(fieldNames(second))
                .containsExactly("EventId", "EventName", "EventTime", "EventSource", "Resources", "CloudTrailEvent");
        assertThat(second.get("Resources")).isEmpty();
        assertThat(second.get("CloudTrailEvent").textValue()).isEqualTo("{}");
    }

    @Test
    void theNextTokenFollowsTheEventsAndAnEmptyPageIsAnEmptyArray() throws Exception {
        JsonNode answer = JsonProtocol.MAPPER.readTree(LookupEventsAnswer.of(List.of(), "tok+/=\"en"));

        assertThat(fieldNames(answer)).containsExactly("Events", "NextToken");
        assertThat(answer.get("Events")).isEmpty();
        assertThat(answer.get("NextToken").textValue()).isEqualTo("tok+/=\"en");
    }

    @Test
    void aFullPageOfLargeRecordsIsWrittenWholeWithoutSlackAtTheEnd() throws Exception {
        String large = "{\"requestParameters\":\"" + "\\\"q\\\"".repeat(20_000) + "\"}";
        List<HistoryEvent> page = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HistoryEvent e = full();
            page.add(new HistoryEvent(
                    "e" + i,
                    e.eventName(),
                    e.readOnly(),
                    e.accessKeyId(),
                    e.eventTime(),
                    e.eventSource(),
                    "u".repeat(2_000), // longer than the guess for the members besides the record
                    e.resources(),
                    RecordText.ofJson(i % 2 == 0 ? large : RECORD)));
        }

        byte[] body = LookupEventsAnswer.of(page, "next");
        JsonNode answer = JsonProtocol.MAPPER.readTree(body);

        assertThat(answer.get("Events")).hasSize(50);
        assertThat(answer.get("Events").get(48).get("CloudTrailEvent").textValue())
                .isEqualTo(large);
        assertThat(answer.get("NextToken").textValue()).isEqualTo("next");
        assertThat(body[body.length - 1]).isEqualTo((byte) '}');
        assertThat(Arrays.copyOf(body, body.length)).isEqualTo(JsonProtocol.MAPPER.writeValueAsBytes(answer));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
