package dev.cairn.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every record of the corpus of real CloudTrail records ({@code src/test/resources/corpus}, see its
 * SOURCES.md) is read and written back byte for byte.
 */
class CorpusRoundTripTest {

    private static final int CORPUS_RECORDS = 658;

    private static List<String> corpus() {
        return TestJson.resource("/corpus/cloudtrail-events.jsonl").lines().toList();
    }

    @Test
    void everyCorpusRecordIsWrittenBackByteForByte() {
        List<String> lines = corpus();
        assertThat(lines).hasSize(CORPUS_RECORDS);

        List<String> failures = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            byte[] line = lines.get(i).getBytes(UTF_8);
            try {
                byte[] written = CloudTrailJson.serialize(CloudTrailJson.parse(line));
                if (!Arrays.equals(written, line)) {
                    failures.add("line " + (i + 1) + ": " + firstDifference(line, written));
                }
            } catch (RuntimeException e) {
                failures.add("line " + (i + 1) + ": " + e);
            }
        }
        assertThat(failures).as("corpus lines not written back byte for byte").isEmpty();
    }

    @Test
    void parsingTextOrBytesGivesEqualRecordsThatSurviveASecondRoundTrip() {
        for (String line : corpus()) {
            AuditEvent fromBytes = CloudTrailJson.parse(line.getBytes(UTF_8));
            AuditEvent fromText = CloudTrailJson.parse(line);
            AuditEvent again = CloudTrailJson.parse(CloudTrailJson.serialize(fromBytes));

            assertThat(fromText).isEqualTo(fromBytes).hasSameHashCodeAs(fromBytes);
            assertThat(again).isEqualTo(fromBytes);
        }
    }

    @Test
    void typedValuesMatchTheirText() {
        for (String line : corpus()) {
            AuditEvent event = CloudTrailJson.parse(line);

            assertThat(line).contains("\"eventTime\":\"" + EventTime.format(event.eventTime()) + "\"");
            assertThat(line).contains("\"eventID\":\"" + event.eventID() + "\"");
            if (event.readOnly() != null) {
                assertThat(line).contains("\"readOnly\":" + event.readOnly());
            }
            if (event.requestParameters() != null) {
                assertThat(line)
                        .contains("\"requestParameters\":"
                                + event.requestParameters().json());
            }
            UserIdentity identity = event.userIdentity();
            if (identity != null
                    && identity.sessionContext() != null
                    && identity.sessionContext().attributes() != null) {
                assertThat(identity.sessionContext().attributes().mfaAuthenticated())
                        .isIn("true", "false");
            }
        }
    }

    /** A rebuilt record is written in canonical order and reads back as the same values. */
    @Test
    void rebuiltCorpusRecordsReadBackEqual() {
        int rebuilt = 0;
        for (String line : corpus()) {
            AuditEvent event = CloudTrailJson.parse(line);
            if (event.eventType() == null || event.userIdentity() == null) {
                continue; // Records older than eventVersion 1.02 cannot be built: builders require eventType.
            }
            AuditEvent copy = event.toBuilder().build();
            AuditEvent reread = CloudTrailJson.parse(CloudTrailJson.serialize(copy));

            assertThat(reread).isEqualTo(copy);
            assertThat(copy.userIdentity()).isEqualTo(event.userIdentity());
            assertThat(copy.resources()).isEqualTo(event.resources());
            assertThat(copy.otherMembers()).isEqualTo(event.otherMembers());
            rebuilt++;
        }
        assertThat(rebuilt).isGreaterThan(600);
    }

    private static String firstDifference(byte[] expected, byte[] actual) {
        int at = 0;
        while (at < expected.length && at < actual.length && expected[at] == actual[at]) {
            at++;
        }
        int from = Math.max(0, at - 40);
        return "first difference at byte " + at + ": expected ..."
                + new String(expected, from, Math.min(expected.length, at + 40) - from, UTF_8) + "... but wrote ..."
                + new String(actual, from, Math.min(actual.length, at + 40) - from, UTF_8) + "...";
    }
}
