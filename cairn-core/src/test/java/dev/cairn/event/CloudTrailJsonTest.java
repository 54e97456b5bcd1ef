package dev.cairn.event;

import static dev.cairn.event.TestJson.text;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Reading and writing record JSON: strictness about types, and fidelity to everything else. */
class CloudTrailJsonTest {

    /** The members every record has, to be wrapped as {@code {...,HEAD}}. */
    private static final String HEAD = "\"eventVersion\":\"1.08\",\"eventTime\":\"2019-06-19T00:18:31Z\","
            + "\"awsRegion\":\"us-east-2\",\"eventID\":\"7116c6a1-0000-4000-8000-000000000001\"";

    private static String record(String members) {
        return "{" + HEAD + (members.isEmpty() ? "" : "," + members) + "}";
    }

    private static String roundTrip(String json) {
        return text(CloudTrailJson.serialize(CloudTrailJson.parse(json)));
    }

    @Test
    void readOnlyGivenAsAStringIsRefusedNamingTheMemberAndTheRule() {
        assertThatThrownBy(() -> CloudTrailJson.parse(record("\"readOnly\":\"true\"")))
                .isInstanceOfSatisfying(
                        CloudTrailJsonException.class,
                        e -> assertThat(e.member()).isEqualTo("readOnly"))
                .hasMessage("readOnly must be a boolean (true or false), but is the string \"true\"");
    }

    @Test
    void aMalformedEventTimeIsRefusedNamingTheMemberAndTheForm() {
        String[] malformed = {
            "2019-06-19 00:18:31", "2019-06-19T00:18:31.123Z", "2019-06-19T00:18:31+00:00", "2019-06-19T00:18:31z"
        };
        for (String time : malformed) {
            String json = "{\"eventVersion\":\"1.08\",\"eventTime\":\"" + time + "\"}";
            assertThatThrownBy(() -> CloudTrailJson.parse(json))
                    .isInstanceOfSatisfying(
                            CloudTrailJsonException.class,
                            e -> assertThat(e.member()).isEqualTo("eventTime"))
                    .hasMessage("eventTime must be a UTC time written yyyy-MM-ddTHH:mm:ssZ, such as"
                            + " \"2019-06-19T00:18:31Z\", but is the string \"" + time
                            + "\": not in the form yyyy-MM-ddTHH:mm:ssZ");
        }
        assertThatThrownBy(() -> CloudTrailJson.parse("{\"eventTime\":\"2019-02-29T00:00:00Z\"}"))
                .hasMessageEndingWith("but is the string \"2019-02-29T00:00:00Z\": no such date: 2019-02-29");
        assertThatThrownBy(() -> CloudTrailJson.parse("{\"eventTime\":1560903511}"))
                .hasMessageEndingWith("but is the number 1560903511");
    }

    @Test
    void mfaAuthenticatedGivenAsABooleanIsRefused() {
        String json = record("\"userIdentity\":{\"type\":\"AssumedRole\",\"sessionContext\":{\"attributes\":"
                + "{\"creationDate\":\"2023-11-02T01:06:28Z\",\"mfaAuthenticated\":false}}}");

        assertThatThrownBy(() -> CloudTrailJson.parse(json))
                .isInstanceOfSatisfying(
                        CloudTrailJsonException.class,
                        e -> assertThat(e.member())
                                .isEqualTo("userIdentity.sessionContext.attributes.mfaAuthenticated"))
                .hasMessage("userIdentity.sessionContext.attributes.mfaAuthenticated must be a string,"
                        + " but is the boolean false");
    }

    @Test
    void modelledObjectsMustBeObjects() {
        assertThatThrownBy(() -> CloudTrailJson.parse(record("\"userIdentity\":\"Alice\"")))
                .hasMessage("userIdentity must be an object, but is the string \"Alice\"");
        assertThatThrownBy(() -> CloudTrailJson.parse(record("\"resources\":{}")))
                .hasMessage("resources must be an array of objects, but is an object");
        assertThatThrownBy(() -> CloudTrailJson.parse(record("\"resources\":[{\"ARN\":\"a\"},\"b\"]")))
                .isInstanceOfSatisfying(
                        CloudTrailJsonException.class,
                        e -> assertThat(e.member()).isEqualTo("resources[1]"))
                .hasMessage("resources[1] must be an object, but is the string \"b\"");
        assertThatThrownBy(() -> CloudTrailJson.parse(record("\"resources\":[{\"ARN\":5}]")))
                .hasMessage("resources[0].ARN must be a string, but is the number 5");
    }

    @Test
    void aRecordMustBeOneJsonObject() {
        assertThatThrownBy(() -> CloudTrailJson.parse("[]"))
                .isInstanceOf(CloudTrailJsonException.class)
                .hasMessage("a CloudTrail record must be a JSON object, but is an array");
        assertThatThrownBy(() -> CloudTrailJson.parse("\"x\""))
                .hasMessage("a CloudTrail record must be a JSON object, but is the string \"x\"");
        assertThatThrownBy(() -> CloudTrailJson.parse(""))
                .hasMessage("a CloudTrail record must be a JSON object, but is empty");
        assertThatThrownBy(() -> CloudTrailJson.parse(record("") + " {}"))
                .hasMessageStartingWith("a CloudTrail record must be exactly one JSON object, but more follows it at"
                        + " line 1, column ");
    }

    @Test
    void invalidJsonIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> CloudTrailJson.parse("{\"eventVersion\":\"1.08\",}".getBytes(UTF_8)))
                .isInstanceOf(CloudTrailJsonException.class)
                .hasMessageStartingWith("a CloudTrail record must be valid JSON: ")
                .hasMessageEndingWith(" at line 1, column 24");
        assertThatThrownBy(() -> CloudTrailJson.parse("{\"requestParameters\":{\"a\":"))
                .hasMessageStartingWith("a CloudTrail record must be valid JSON: ");
    }

    @Test
    void aMemberEveryRecordHasMustBePresentAndNotNull() {
        assertThatThrownBy(
                        () -> CloudTrailJson.parse("{\"eventVersion\":\"1.08\",\"eventTime\":\"2019-06-19T00:18:31Z\","
                                + "\"awsRegion\":\"us-east-2\"}"))
                .isInstanceOfSatisfying(
                        CloudTrailJsonException.class,
                        e -> assertThat(e.member()).isEqualTo("eventID"))
                .hasMessage("the record has no eventID; every CloudTrail record has one");
        assertThatThrownBy(() -> CloudTrailJson.parse(record("").replace("\"us-east-2\"", "null")))
                .hasMessage("awsRegion must be a string, but is null");
    }

    @Test
    void aMemberThatAppearsTwiceIsRefused() {
        assertThatThrownBy(() -> CloudTrailJson.parse(record("\"readOnly\":true,\"readOnly\":false")))
                .hasMessage("readOnly appears twice; a member may appear once");
        assertThatThrownBy(() -> CloudTrailJson.parse(record("\"x\":1,\"x\":2")))
                .hasMessage("x appears twice; a member may appear once");
        assertThatThrownBy(() -> CloudTrailJson.parse(record("\"userIdentity\":{\"arn\":\"a\",\"arn\":\"b\"}")))
                .hasMessage("userIdentity.arn appears twice; a member may appear once");
    }

    @Test
    void typedAccessorsGiveTheParsedValues() {
        AuditEvent event = CloudTrailJson.parse(TestJson.golden("assumed-role-create-user.json"));

        assertThat(event.eventTime()).isEqualTo(Instant.parse("2023-11-02T01:10:12Z"));
        assertThat(event.readOnly()).isFalse();
        assertThat(event.managementEvent()).isTrue();
        assertThat(event.requestParameters()).isEqualTo(RawJson.of("{\"userName\":\"Richard_Roe\",\"path\":\"/\"}"));
        assertThat(event.userIdentity().type()).isEqualTo("AssumedRole");
        assertThat(event.userIdentity().sessionContext().webIdFederationData()).isEqualTo(RawJson.EMPTY_OBJECT);
        assertThat(event.userIdentity().sessionContext().attributes().mfaAuthenticated())
                .isEqualTo("false");
        assertThat(event.errorCode()).isNull();
        assertThat(event.otherMembers()).isEmpty();
    }

    @Test
    void unknownMembersKeepTheirPlaceAtEveryModelledLevel() {
        String json = "{\"annotation\":\"a\"," + HEAD + ",\"userIdentity\":{\"type\":\"AssumedRole\",\"x\":[1,2],"
                + "\"sessionContext\":{\"y\":{},\"sessionIssuer\":{\"z\":null,\"type\":\"Role\"},"
                + "\"attributes\":{\"mfaAuthenticated\":\"true\",\"w\":true,\"creationDate\":\"c\"}}},"
                + "\"resources\":[{\"type\":\"AWS::S3::Object\",\"v\":\"1\",\"ARN\":\"arn:aws:s3:::b/k\"}],"
                + "\"future\":{\"b\":2,\"a\":1}}";

        AuditEvent event = CloudTrailJson.parse(json);

        assertThat(roundTrip(json)).isEqualTo(json);
        assertThat(event.otherMembers())
                .containsExactly(
                        entry("annotation", RawJson.of("\"a\"")), entry("future", RawJson.of("{\"b\":2,\"a\":1}")));
        assertThat(event.userIdentity().otherMembers()).containsOnlyKeys("x");
        assertThat(event.userIdentity().sessionContext().sessionIssuer().otherMembers())
                .containsEntry("z", RawJson.NULL);
        assertThat(event.resources().get(0).arn()).isEqualTo("arn:aws:s3:::b/k");
    }

    @Test
    void membersPresentAsNullAreWrittenBackAsNullAndAbsentOnesStayAbsent() {
        String json = record("\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":null},\"readOnly\":null,"
                + "\"requestParameters\":null,\"additionalEventData\":null");

        AuditEvent event = CloudTrailJson.parse(json);

        assertThat(roundTrip(json)).isEqualTo(json);
        assertThat(event.readOnly()).isNull();
        assertThat(event.hasMember("readOnly")).isTrue();
        assertThat(event.hasMember("responseElements")).isFalse();
        assertThat(event.userIdentity().hasMember("userName")).isTrue();
        assertThat(event.userIdentity().hasMember("arn")).isFalse();
    }

    @Test
    void whitespaceIsDroppedAndNumbersKeepTheirLiterals() {
        String pretty = "{ \"eventVersion\" : \"1.08\",\n  \"eventTime\": \"2019-06-19T00:18:31Z\",\n"
                + "  \"awsRegion\": \"us-east-2\", \"eventID\": \"e\",\n"
                + "  \"requestParameters\": { \"maxResults\": 50.0, \"big\": 1E+2, \"neg\": -0, \"long\": 12345678901234567890,"
                + " \"list\": [ 1.10 , true, null, \"s\" ] }\n}\n";

        assertThat(roundTrip(pretty))
                .isEqualTo(
                        "{\"eventVersion\":\"1.08\",\"eventTime\":\"2019-06-19T00:18:31Z\",\"awsRegion\":\"us-east-2\","
                                + "\"eventID\":\"e\",\"requestParameters\":{\"maxResults\":50.0,\"big\":1E+2,\"neg\":-0,"
                                + "\"long\":12345678901234567890,\"list\":[1.10,true,null,\"s\"]}}");
    }

    @Test
    void nonAsciiIsWrittenAsItselfAndControlCharactersAreEscaped() {
        String json = record("\"userAgent\":\"Grüße 日本 \uD83D\uDE00 a/b\\\"q\\\\ \\n\\t\\r\\b\\f \\u0001\\u001F\","
                + "\"requestParameters\":{\"k\":\"é \uD83D\uDE00 \\u0000 \\u007f \\u2028\"}");

        byte[] written = CloudTrailJson.serialize(CloudTrailJson.parse(json.getBytes(UTF_8)));

        assertThat(text(written))
                .isEqualTo(record("\"userAgent\":\"Grüße 日本 \uD83D\uDE00 a/b\\\"q\\\\ \\n\\t\\r\\b\\f \\u0001\\u001F\","
                        + "\"requestParameters\":{\"k\":\"é \uD83D\uDE00 \\u0000 \u007f \u2028\"}"));
        assertThat(CloudTrailJson.parse(written).userAgent()).startsWith("Grüße 日本 \uD83D\uDE00 a/b\"q\\ \n");
    }

    @Test
    void escapedCharactersThatNeedNoEscapeAreWrittenPlain() {
        String json = record("\"userAgent\":\"\\u00e9\\/\\u003c\"");

        assertThat(roundTrip(json)).isEqualTo(record("\"userAgent\":\"é/<\""));
    }

    @Test
    void rawValuesAreMadeCompactAlikeFromBytesAndFromText() {
        String json = record(
                "\"requestParameters\": { \"a\" : [ 1 , 2 ] },\"responseElements\":{\"s\":\"\\/\\u00e9\\u001f\"},"
                        + "\"x\":[ {} ],\"tlsDetails\":{\"ok\":\"\\u001F\\n\"}");

        AuditEvent fromBytes = CloudTrailJson.parse(json.getBytes(UTF_8));
        AuditEvent fromText = CloudTrailJson.parse(json);

        assertThat(fromBytes).isEqualTo(fromText);
        assertThat(text(CloudTrailJson.serialize(fromBytes)))
                .isEqualTo(record("\"requestParameters\":{\"a\":[1,2]},\"responseElements\":{\"s\":\"/é\\u001F\"},"
                        + "\"x\":[{}],\"tlsDetails\":{\"ok\":\"\\u001F\\n\"}"));
    }

    @Test
    void recordsAreStreamedIntoAndReadFromARecordsFile() throws IOException {
        AuditEvent first = CloudTrailJson.parse(TestJson.golden("iam-user-start-logging.json"));
        AuditEvent second = CloudTrailJson.parse(TestJson.golden("assumed-role-create-user.json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (JsonGenerator generator = CloudTrailJson.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeArrayFieldStart("Records");
            CloudTrailJson.write(first, generator);
            CloudTrailJson.write(second, generator);
            generator.writeEndArray();
            generator.writeEndObject();
        }

        assertThat(text(out.toByteArray()))
                .isEqualTo("{\"Records\":[" + TestJson.golden("iam-user-start-logging.json") + ","
                        + TestJson.golden("assumed-role-create-user.json") + "]}");
        List<AuditEvent> read = new ArrayList<>();
        try (JsonParser parser = recordsParser(out.toByteArray())) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThat(parser.nextFieldName()).isEqualTo("Records");
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                read.add(CloudTrailJson.read(parser));
            }
        }
        assertThat(read).containsExactly(first, second);
    }

    @Test
    void aCharacterGeneratorWritesTheSameText() throws IOException {
        String golden = TestJson.golden("assumed-role-create-user.json");
        StringWriter out = new StringWriter();

        try (JsonGenerator generator = CloudTrailJson.FACTORY.createGenerator(out)) {
            CloudTrailJson.write(CloudTrailJson.parse(golden), generator);
        }

        assertThat(out.toString()).isEqualTo(golden);
    }

    @Test
    void recordsLargerThanTheGeneratorBufferAreWrittenWhole() {
        String big = "x".repeat(20_000);
        String json = record("\"userAgent\":\"" + big + "\",\"requestParameters\":{\"k\":\"" + big + "\"},"
                + "\"responseElements\":[\"" + "é".repeat(10_000) + "\"]");

        assertThat(roundTrip(json)).isEqualTo(json);
        assertThat(text(CloudTrailJson.serialize(CloudTrailJson.parse(json.getBytes(UTF_8)))))
                .isEqualTo(json);
    }

    @Test
    void manyVirtualThreadsReadAndWriteAtOnce() throws Exception {
        List<String> lines =
                TestJson.resource("/corpus/cloudtrail-events.jsonl").lines().toList();
        List<Future<Boolean>> results = new ArrayList<>();

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 4; round++) {
                for (String line : lines) {
                    results.add(threads.submit(
                            () -> text(CloudTrailJson.serialize(CloudTrailJson.parse(line.getBytes(UTF_8))))
                                    .equals(line)));
                }
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        }
    }

    private static JsonParser recordsParser(byte[] json) throws IOException {
        return CloudTrailJson.FACTORY.createParser(json);
    }
}
