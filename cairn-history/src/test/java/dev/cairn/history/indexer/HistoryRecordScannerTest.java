package dev.cairn.history.indexer;

import static dev.cairn.history.indexer.TestEvents.ACCOUNT;
import static dev.cairn.history.indexer.TestEvents.management;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.cairn.event.AuditEvent;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.event.RawJson;
import dev.cairn.event.Resource;
import dev.cairn.event.UserIdentity;
import dev.cairn.history.HistoryFields;
import dev.cairn.history.HistoryRecord;
import dev.cairn.history.HistoryResource;
import dev.cairn.history.LookupAttribute;
import dev.cairn.history.LookupAttributeKey;
import dev.cairn.history.LookupQuery;
import dev.cairn.history.StoredEvent;
import dev.cairn.testkit.history.InMemoryEventStore;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The scanner gives, record by record, what parsing the record and deriving with HistoryFields gives. */
class HistoryRecordScannerTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void everyCorpusRecordScansToWhatHistoryFieldsDerives() {
        int kept = 0;
        for (String line : TestEvents.corpus()) {
            if (assertScansAsParsed(line.getBytes(UTF_8)) != null) {
                kept++;
            }
        }
        assertThat(kept).as("kept corpus records").isGreaterThan(500);
    }

    @Test
    void everyCorpusRecordPrettyPrintedScansToWhatHistoryFieldsDerives() throws IOException {
        JsonFactory json = new JsonFactory();
        for (String line : TestEvents.corpus()) {
            StringWriter pretty = new StringWriter();
            try (JsonParser parser = json.createParser(line);
                    JsonGenerator generator = json.createGenerator(pretty).useDefaultPrettyPrinter()) {
                parser.nextToken();
                generator.copyCurrentStructure(parser);
            }
            assertScansAsParsed((" \r\n\t" + pretty + "\n ").getBytes(UTF_8));
        }
    }

    static Stream<AuditEvent> ruleCases() {
        List<AuditEvent> cases = new ArrayList<>();
        UserIdentity.Builder alice = UserIdentity.builder()
                .type("IAMUser")
                .arn("arn:aws:iam::" + ACCOUNT + ":user/path/alice")
                .accountId(ACCOUNT);
        cases.add(management("iam-user-without-userName", T0)
                .userIdentity(alice.build())
                .build());
        cases.add(management("iam-user-with-empty-userName", T0)
                .userIdentity(alice.userName("").build())
                .build());
        cases.add(identity(
                "assumed-role",
                UserIdentity.builder()
                        .type("AssumedRole")
                        .arn("arn:aws:sts::" + ACCOUNT + ":assumed-role/admin/session-7")
                        .accessKeyId("ASIAEXAMPLE")
                        .accountId(ACCOUNT)
                        .build()));
        cases.add(identity(
                "federated",
                UserIdentity.builder()
                        .type("FederatedUser")
                        .arn("arn:aws:sts::" + ACCOUNT + ":federated-user/bob")
                        .build()));
        cases.add(identity(
                "root", UserIdentity.builder().type("Root").accessKeyId("").build()));
        cases.add(identity(
                "service",
                UserIdentity.builder()
                        .type("AWSService")
                        .invokedBy("cloudtrail.amazonaws.com")
                        .build()));
        cases.add(identity(
                "other-type",
                UserIdentity.builder().type("SAMLUser").userName("carol").build()));
        cases.add(identity("no-type", UserIdentity.builder().userName("dave").build()));
        cases.add(management("caller-account", T0).recipientAccountId(null).build());
        cases.add(management("empty-recipient", T0).recipientAccountId("").build());
        cases.add(management("no-account", T0)
                .recipientAccountId(null)
                .userIdentity(UserIdentity.builder().type("Root").build())
                .build());
        cases.add(management("no-read-only", T0).readOnly(null).build());
        cases.add(management("old-record", T0)
                .managementEvent(null)
                .eventCategory(null)
                .build());
        cases.add(management("data", T0)
                .managementEvent(false)
                .eventCategory("Data")
                .build());
        cases.add(management("network", T0).eventCategory("NetworkActivity").build());
        cases.add(management("management-false", T0).managementEvent(false).build());
        cases.add(management("listed-resources", T0)
                .eventSource("iam.amazonaws.com")
                .requestParameters(RawJson.of(
                        "{\"userName\":\"erin\",\"roleArn\":\"arn:aws:iam::1:role/ops/admin\",\"roleName\":{\"x\":1},"
                                + "\"accessKeyId\":\"AKIA1\",\"name\":\"not-iam\",\"userName\":\"second\"}"))
                .resources(List.of(
                        Resource.of("arn:aws:iam::" + ACCOUNT + ":user/erin", ACCOUNT, "AWS::IAM::User"),
                        Resource.of("arn:aws:s3:::bucket", null, null),
                        Resource.of("arn:aws:s3:::bucket", null, null),
                        Resource.of("arn:aws:s3:::", null, "AWS::S3::Bucket")))
                .build());
        cases.add(management("sts", T0)
                .eventSource("sts.amazonaws.com")
                .requestParameters(RawJson.of("{\"roleArn\":\"arn:aws:iam::1:role/r\",\"roleSessionName\":\"s\"}"))
                .build());
        cases.add(management("cloudtrail", T0)
                .eventSource("cloudtrail.amazonaws.com")
                .requestParameters(
                        RawJson.of(
                                "{\"name\":\"arn:aws:cloudtrail:us-east-1:1:trail/main\",\"trailName\":\"main\",\"userName\":\"u\"}"))
                .build());
        cases.add(management("other-service-parameters", T0)
                .eventSource("s3.amazonaws.com")
                .requestParameters(RawJson.of("{\"userName\":\"ignored\",\"name\":\"ignored\"}"))
                .build());
        cases.add(management("parameters-not-an-object", T0)
                .eventSource("iam.amazonaws.com")
                .requestParameters(RawJson.of("[\"userName\",\"x\"]"))
                .build());
        cases.add(AuditEvent.builder()
                .eventTime(T0)
                .awsRegion("us-west-2")
                .eventID("insight")
                .eventType(HistoryFields.INSIGHT_EVENT_TYPE)
                .recipientAccountId(ACCOUNT)
                .eventCategory("Insight")
                .insightDetails(RawJson.of("{\"state\":\"Start\",\"eventSource\":\"ec2.amazonaws.com\","
                        + "\"eventName\":\"RunInstances\",\"insightType\":\"ApiCallRateInsight\"}"))
                .build());
        cases.add(AuditEvent.builder()
                .eventTime(T0)
                .awsRegion("us-west-2")
                .eventID("insight-without-details")
                .eventType(HistoryFields.INSIGHT_EVENT_TYPE)
                .recipientAccountId(ACCOUNT)
                .build());
        cases.add(management("insight-by-category", T0).eventCategory("Insight").build());
        cases.add(management("non-ascii-\u00e9\u6f22", T0)
                .eventName("Caf\u00e9\ud83d\ude00")
                .build());
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("ruleCases")
    void eachRuleOfHistoryFieldsIsFollowed(AuditEvent event) {
        assertScansAsParsed(CloudTrailJson.serialize(event));
    }

    @Test
    void aRecordWithoutUserIdentityHasNoUsername() {
        String json =
                "{\"eventVersion\":\"1.05\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"eventSource\":\"iam.amazonaws.com\","
                        + "\"awsRegion\":\"us-east-1\",\"eventID\":\"anonymous\",\"recipientAccountId\":\"" + ACCOUNT
                        + "\"}";

        HistoryRecord record = assertScansAsParsed(json.getBytes(UTF_8));

        assertThat(record).isNotNull();
        assertThat(record.username()).isNull();
    }

    @Test
    void membersMayComeInAnyOrder() {
        String json =
                "{\"requestParameters\":{\"roleName\":\"ops\"},\"resources\":null,\"eventSource\":\"iam.amazonaws.com\","
                        + "\"readOnly\":false,\"userIdentity\":{\"sessionContext\":{\"attributes\":{}},\"arn\":\"arn:aws:sts::1:"
                        + "assumed-role/ops/s1\",\"type\":\"AssumedRole\"},\"eventID\":\"e1\",\"awsRegion\":\"eu-west-1\","
                        + "\"eventTime\":\"2026-02-28T23:59:59Z\",\"recipientAccountId\":\"" + ACCOUNT + "\","
                        + "\"eventVersion\":\"1.08\"}";

        HistoryRecord record = assertScansAsParsed(json.getBytes(UTF_8));

        assertThat(record).isNotNull();
        assertThat(record.resources()).containsExactly(new HistoryResource("AWS::IAM::Role", "ops"));
        assertThat(record.username()).isEqualTo("s1");
        assertThat(record.eventTime()).isEqualTo(Instant.parse("2026-02-28T23:59:59Z"));
    }

    @Test
    void escapedStringsAndNamesAreDecoded() {
        String json = "{\"eventVersion\":\"1.08\",\"event\\u0049D\":\"id-\\u00e9\\ud83d\\ude00\\\"\\\\\\/\\n\","
                + "\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"us-east-1\",\"eventSource\":\"iam.amazonaws.com\","
                + "\"eventName\":\"CreateUser\",\"recipientAccountId\":\"" + ACCOUNT
                + "\",\"skipped\":[-0.5e+3,1E2,0,{},[],"
                + "\"\\t\\\"x\",true,false,null],\"requestParameters\":{\"userName\":null,\"userName\":\"a\\/b\"},"
                + "\"userIdentity\":{\"type\":\"IAMUser\",\"user\\u004eame\":\"\\u0041lice\"}}";

        HistoryRecord record = assertScansAsParsed(json.getBytes(UTF_8));

        assertThat(record).isNotNull();
        assertThat(record.eventId()).isEqualTo("id-\u00e9\ud83d\ude00\"\\/\n");
        assertThat(record.username()).isEqualTo("Alice");
        assertThat(record.resources()).containsExactly(new HistoryResource("AWS::IAM::User", "b"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "{",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\",}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\","
                        + "\"x\":01}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\","
                        + "\"x\":1.}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\","
                        + "\"x\":[1,]}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\","
                        + "\"x\":nul}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\","
                        + "\"x\":\"\\x\"}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\","
                        + "\"x\":\"tab\tinside\"}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\","
                        + "\"x\":{\"y\" 1}}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\","
                        + "\"x\":{\"y\":1}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\","
                        + "/* comment */\"x\":1}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\","
                        + "\"x\":\"\\u12\"}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\","
                        + "\"requestParameters\":{\"userName\":\"unterminated}}",
                "[]",
                "not json",
                "{\"eventVersion\":\"1.08\",",
                "{}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"us-east-1\"}",
                "{\"eventVersion\":null,\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\"}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":7}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\","
                        + "\"eventID\":\"f\"}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\","
                        + "\"readOnly\":\"true\"}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\","
                        + "\"userIdentity\":\"alice\"}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\","
                        + "\"userIdentity\":{\"type\":\"Root\",\"type\":\"IAMUser\"}}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\","
                        + "\"resources\":[\"arn\"]}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\","
                        + "\"resources\":[{\"ARN\":1}]}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\"} {}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00.000Z\",\"awsRegion\":\"r\",\"eventID\":\"e\"}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-02-30T10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\"}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T24:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\"}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:60Z\",\"awsRegion\":\"r\",\"eventID\":\"e\"}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-2OT10:00:00Z\",\"awsRegion\":\"r\",\"eventID\":\"e\"}",
                "{\"eventVersion\":\"1.08\",\"eventTime\":1700000000,\"awsRegion\":\"r\",\"eventID\":\"e\"}"
            })
    void whatIsNotACloudTrailRecordIsRefusedAsParsingRefusesIt(String json) {
        byte[] bytes = json.getBytes(UTF_8);
        assertThatThrownBy(() -> CloudTrailJson.parse(bytes)).as("parse").isInstanceOf(IllegalArgumentException.class);

        assertThatThrownBy(() -> HistoryRecordScanner.scan(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .isNotBlank();
    }

    @Test
    void plainRunsEndAtTheFirstQuoteBackslashOrControlCharacterAsAByteByByteSearchFinds() {
        SplittableRandom random = new SplittableRandom(7);
        byte[] alphabet = {
            'a', 'Z', ' ', '"', '\\', 0x1f, 0x20, 0x00, 0x7f, (byte) 0x80, (byte) 0xc3, (byte) 0xff, '!', '#'
        };
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] =
                        random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            int expected = from;
            while (expected < bytes.length
                    && bytes[expected] != '"'
                    && bytes[expected] != '\\'
                    && (bytes[expected] & 0xff) >= 0x20) {
                expected++;
            }
            assertThat(HistoryRecordScanner.plainRun(bytes, from))
                    .as("round %d: %s from %d", round, Arrays.toString(bytes), from)
                    .isEqualTo(expected);
        }
    }

    @Test
    void theDefaultAppendOfRecordsStoresWhatAppendStores() {
        InMemoryEventStore store = new InMemoryEventStore();
        AuditEvent event = management("by-record", T0).build();
        HistoryRecord record = HistoryRecordScanner.scan(CloudTrailJson.serialize(event));

        store.appendRecords(List.of(record, record));

        LookupQuery query = new LookupQuery(
                ACCOUNT,
                event.awsRegion(),
                new LookupAttribute(LookupAttributeKey.Username, "alice"),
                T0,
                T0,
                false,
                50,
                null);
        assertThat(store.lookup(query).events())
                .extracting(shown -> shown.eventId())
                .containsExactly("by-record");
    }

    /**
     * Asserts that scanning {@code json} gives what parsing it and deriving with HistoryFields gives: the
     * same fields when history keeps it, null when it does not, and returns the record.
     */
    private static @Nullable HistoryRecord assertScansAsParsed(byte[] json) {
        AuditEvent event = CloudTrailJson.parse(json);
        HistoryRecord scanned = HistoryRecordScanner.scan(json);
        if (!HistoryFields.isKept(event)) {
            assertThat(scanned)
                    .as("scan of %s, which history does not keep", event.eventID())
                    .isNull();
            return null;
        }
        assertThat(scanned).as("scan of %s", event.eventID()).isEqualTo(HistoryRecord.of(new StoredEvent(event, json)));
        return scanned;
    }

    private static AuditEvent identity(String eventId, UserIdentity identity) {
        return management(eventId, T0).userIdentity(identity).build();
    }
}
