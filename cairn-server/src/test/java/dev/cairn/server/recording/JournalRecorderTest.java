package dev.cairn.server.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.event.AuditEvent;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.identity.Caller;
import dev.cairn.identity.PrincipalType;
import dev.cairn.journal.Journal;
import dev.cairn.journal.JournalException;
import dev.cairn.journal.JournalPosition;
import dev.cairn.journal.JournalReader;
import dev.cairn.journal.JournalRecord;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.error.CommonError;
import dev.cairn.protocol.operation.Call;
import dev.cairn.protocol.operation.Input;
import dev.cairn.protocol.operation.Operation;
import dev.cairn.protocol.operation.ServiceModel;
import dev.cairn.server.call.CompletedCall;
import dev.cairn.testkit.journal.InMemoryJournal;
import dev.cairn.testkit.time.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRecorderTest {
    private static final String CALLER_ACCOUNT = "123456789012";
    private static final String OWNER_ACCOUNT = "210987654321";
    private static final ServiceModel STS = ServiceModel.query("sts", "2011-06-15", false);
    private static final Caller ALICE = new Caller(
            PrincipalType.IAM_USER,
            CALLER_ACCOUNT,
            "arn:aws:iam::123456789012:user/alice",
            "AIDAALICE",
            "alice",
            "AKIAALICE",
            null);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJournal journal = new InMemoryJournal(4);
    /** Partition keys whose appends fail, as if their partition's broker were down. */
    private final Set<String> failingKeys = new HashSet<>();

    private final JournalRecorder recorder =
            new JournalRecorder(failingFor(journal, failingKeys), clock, new SimpleMeterRegistry(), 100);

    /** Returns {@code journal} with the appends under any key in {@code keys} failing. */
    private static Journal failingFor(Journal journal, Set<String> keys) {
        return (Journal) Proxy.newProxyInstance(
                Journal.class.getClassLoader(), new Class<?>[] {Journal.class}, (proxy, method, args) -> {
                    if (method.getName().equals("append") && keys.contains((String) args[0])) {
                        throw new JournalException("injected: appends under " + args[0] + " fail");
                    }
                    try {
                        return method.invoke(journal, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static CompletedCall assumeRole(String roleAccount) {
        ObjectNode input = JsonNodeFactory.instance
                .objectNode()
                .put("RoleArn", "arn:aws:iam::" + roleAccount + ":role/R")
                .put("RoleSessionName", "s");
        Call call = new Call(
                "req-1",
                new Operation(STS, "AssumeRole", false, c -> null),
                new Input(input, CommonError.VALIDATION_ERROR),
                ALICE,
                "us-east-1",
                Instant.parse("2026-11-23T10:00:00Z"),
                "10.1.2.3",
                "aws-cli/2");
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        output.putObject("Credentials").put("AccessKeyId", "ASIAX").put("SessionToken", "t");
        return new CompletedCall(call, output, null);
    }

    /** Every record in the journal, with its partition key. */
    private List<JournalRecord> records() throws InterruptedException {
        List<JournalRecord> all = new ArrayList<>();
        try (JournalReader reader = journal.reader(JournalPosition.beginning())) {
            List<JournalRecord> batch;
            while (!(batch = reader.poll(100, Duration.ZERO)).isEmpty()) {
                all.addAll(batch);
            }
        }
        return all;
    }

    private static AuditEvent event(JournalRecord record) {
        return CloudTrailJson.parse(record.payload());
    }

    @Test
    void bothCopiesOfACrossAccountCallAreAppendedUnderTheirOwnAccounts() throws Exception {
        recorder.record(assumeRole(OWNER_ACCOUNT));

        List<JournalRecord> records = records();
        assertThat(records).hasSize(2);
        assertThat(records)
                .extracting(JournalRecord::partitionKey)
                .containsExactlyInAnyOrder(CALLER_ACCOUNT, OWNER_ACCOUNT);
        for (JournalRecord record : records) {
            assertThat(event(record).recipientAccountId()).isEqualTo(record.partitionKey());
        }
        assertThat(records)
                .extracting(r -> event(r).sharedEventID())
                .doesNotContainNull()
                .hasSize(2);
        assertThat(event(records.get(0)).sharedEventID())
                .isEqualTo(event(records.get(1)).sharedEventID());
    }

    @Test
    void aCallWhoseOwnerCopyCannotBeWrittenFailsAndItsCallerCopyIsCorrected() throws Exception {
        failingKeys.add(OWNER_ACCOUNT);

        assertThatThrownBy(() -> recorder.record(assumeRole(OWNER_ACCOUNT)))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("ServiceUnavailable");
                    assertThat(e.httpStatus()).isEqualTo(503);
                });

        List<AuditEvent> events =
                records().stream().map(JournalRecorderTest::event).toList();
        assertThat(events)
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.recipientAccountId()).isEqualTo(CALLER_ACCOUNT));
        AuditEvent original = events.get(0);
        AuditEvent correction = events.get(1);
        assertThat(original.errorCode()).isNull();
        assertThat(correction.errorCode()).isEqualTo("ServiceUnavailable");
        assertThat(correction.requestID()).isEqualTo(original.requestID());
        assertThat(CloudTrailJson.serialize(correction))
                .asString()
                .contains("\"originalEventID\":\"" + original.eventID() + "\"");
    }

    @Test
    void aCallWhoseCallerCopyCannotBeWrittenLeavesNothing() throws Exception {
        failingKeys.add(CALLER_ACCOUNT);

        assertThatThrownBy(() -> recorder.record(assumeRole(OWNER_ACCOUNT)))
                .isInstanceOfSatisfying(
                        AwsException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));
        assertThat(records()).isEmpty();
    }

    @Test
    void aRevertedCrossAccountCallIsCorrectedInBothAccounts() throws Exception {
        CompletedCall call = assumeRole(OWNER_ACCOUNT);
        recorder.record(call);
        recorder.reverted(call, new AwsException(CommonError.SERVICE_UNAVAILABLE, "cannot store"));

        List<JournalRecord> records = records();
        assertThat(records).hasSize(4);
        List<AuditEvent> corrections = records.stream()
                .map(JournalRecorderTest::event)
                .filter(e -> e.errorCode() != null)
                .toList();
        assertThat(corrections)
                .extracting(AuditEvent::recipientAccountId)
                .containsExactlyInAnyOrder(CALLER_ACCOUNT, OWNER_ACCOUNT);
    }

    @Test
    void aSameAccountCallIsAppendedOnce() throws Exception {
        recorder.record(assumeRole(CALLER_ACCOUNT));
        assertThat(records()).singleElement().satisfies(r -> {
            assertThat(r.partitionKey()).isEqualTo(CALLER_ACCOUNT);
            assertThat(event(r).sharedEventID()).isNull();
        });
    }

    @Test
    void aCorrectionThatMeetsAFullDiskIsWrittenInTheReleasedReserveAndOtherCallsWaitUntilItIsBack(@TempDir Path data)
            throws Exception {
        AtomicLong free = new AtomicLong(1L << 30);
        DiskReserve reserve = DiskReserve.open(data, 4096, directory -> free.get());
        Path file = data.resolve(DiskReserve.FILE_NAME);
        assertThat(reserve.held()).isTrue();
        assertThat(Files.size(file)).isEqualTo(4096);
        AtomicBoolean full = new AtomicBoolean();
        Journal disk = failingWhile(journal, () -> full.get() && Files.exists(file));
        JournalRecorder recorder = new JournalRecorder(disk, clock, new SimpleMeterRegistry(), 100, reserve);
        JournalHealth health = new JournalHealth(clock, reserve);
        CompletedCall call = assumeRole(CALLER_ACCOUNT);
        recorder.record(call);
        full.set(true);
        free.set(0);

        recorder.reverted(call, new AwsException(CommonError.SERVICE_UNAVAILABLE, "cannot store"));

        List<AuditEvent> events =
                records().stream().map(JournalRecorderTest::event).toList();
        assertThat(events).hasSize(2);
        assertThat(events.get(1).errorCode()).isEqualTo("ServiceUnavailable");
        assertThat(events.get(1).requestID()).isEqualTo(events.get(0).requestID());
        assertThat(reserve.released()).isTrue();
        assertThat(file).doesNotExist();
        assertThat(health.snapshot().failing()).isTrue();

        assertThatThrownBy(() -> recorder.record(assumeRole(CALLER_ACCOUNT)))
                .isInstanceOfSatisfying(
                        AwsException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));
        assertThat(records())
                .as("a call refused while the reserve is out leaves nothing")
                .hasSize(2);

        free.set(1L << 30); // space is back
        full.set(false);
        clock.advance(Duration.ofSeconds(2));
        recorder.record(assumeRole(CALLER_ACCOUNT));

        assertThat(records()).hasSize(3);
        assertThat(reserve.held()).isTrue();
        assertThat(reserve.released()).isFalse();
        assertThat(Files.size(file)).isEqualTo(4096);
        assertThat(health.snapshot().failing()).isFalse();
    }

    @Test
    void withoutAReserveACorrectionThatCannotBeWrittenIsCountedAndTheNextCallsProceed() throws Exception {
        CompletedCall call = assumeRole(CALLER_ACCOUNT);
        recorder.record(call);
        failingKeys.add(CALLER_ACCOUNT);
        recorder.reverted(call, new AwsException(CommonError.SERVICE_UNAVAILABLE, "cannot store"));
        failingKeys.clear();

        recorder.record(assumeRole(CALLER_ACCOUNT));

        assertThat(records())
                .hasSize(2)
                .allSatisfy(r -> assertThat(event(r).errorCode()).isNull());
    }

    /** Returns {@code journal} with every append failing while {@code full} says so. */
    private static Journal failingWhile(Journal journal, BooleanSupplier full) {
        return (Journal) Proxy.newProxyInstance(
                Journal.class.getClassLoader(), new Class<?>[] {Journal.class}, (proxy, method, args) -> {
                    if (method.getName().equals("append") && full.getAsBoolean()) {
                        throw new JournalException("injected: No space left on device");
                    }
                    try {
                        return method.invoke(journal, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
