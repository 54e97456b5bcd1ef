package dev.cairn.server.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.history.LookupQuery;
import dev.cairn.history.LookupResult;
import dev.cairn.identity.Caller;
import dev.cairn.identity.PrincipalType;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.error.CommonError;
import dev.cairn.protocol.operation.Call;
import dev.cairn.protocol.operation.Input;
import dev.cairn.protocol.operation.Operation;
import dev.cairn.protocol.operation.ServiceModel;
import dev.cairn.testkit.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LookupEventsTest {
    private static final ServiceModel CLOUDTRAIL =
            ServiceModel.json11("cloudtrail", "2013-11-01", "CloudTrail_20131101");
    private static final Caller ADMIN = new Caller(
            PrincipalType.IAM_USER,
            "123456789012",
            "arn:aws:iam::123456789012:user/admin",
            "AIDAADMIN",
            "admin",
            "AKIAADMIN",
            null);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final List<LookupQuery> queries = new ArrayList<>();
    private final LookupEvents lookup = new LookupEvents(
            query -> {
                queries.add(query);
                return LookupResult.empty();
            },
            new NextTokens(new byte[32]),
            clock,
            Duration.ofDays(90),
            0);

    private static Call call(ObjectNode members) {
        return new Call(
                "req-1",
                new Operation(CLOUDTRAIL, "LookupEvents", true, c -> null),
                new Input(members, CommonError.VALIDATION_EXCEPTION, true),
                ADMIN,
                "us-east-1",
                Instant.parse("2026-11-23T10:00:00Z"),
                "127.0.0.1",
                "test");
    }

    @Test
    void maxResultsSentAsAStringIsASerializationException() {
        ObjectNode members = JsonNodeFactory.instance.objectNode().put("MaxResults", "5");
        assertThatThrownBy(() -> lookup.handle(call(members))).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.code()).isEqualTo("SerializationException");
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("class java.lang.String can not be converted to an Integer");
        });
        assertThat(queries).as("nothing is looked up for a refused request").isEmpty();
    }

    @Test
    void maxResultsOutsideItsRangeIsInvalidMaxResults() {
        for (String bad : List.of("0", "51", "2.5")) {
            ObjectNode members = JsonNodeFactory.instance.objectNode();
            members.set("MaxResults", JsonNodeFactory.instance.numberNode(new java.math.BigDecimal(bad)));
            assertThatThrownBy(() -> lookup.handle(call(members)))
                    .as("MaxResults %s", bad)
                    .isInstanceOfSatisfying(
                            AwsException.class, e -> assertThat(e.code()).isEqualTo("InvalidMaxResultsException"));
        }
    }

    @Test
    void maxResultsAsANumberIsPassedToTheLookup() {
        lookup.handle(call(JsonNodeFactory.instance.objectNode().put("MaxResults", 5)));
        assertThat(queries)
                .singleElement()
                .satisfies(q -> assertThat(q.maxResults()).isEqualTo(5));
    }
}
