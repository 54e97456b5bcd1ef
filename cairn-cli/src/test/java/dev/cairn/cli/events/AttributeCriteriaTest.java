package dev.cairn.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryResource;
import dev.cairn.history.LookupAttribute;
import dev.cairn.history.LookupAttributeKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeCriteriaTest {
    private static final HistoryEvent CREATE_ALICE = FakeHistory.event(
            "e1",
            Instant.parse("2026-01-15T10:00:00Z"),
            "CreateUser",
            "iam.amazonaws.com",
            "admin",
            false,
            List.of(new HistoryResource("AWS::IAM::User", "alice"), new HistoryResource(null, "team-a")),
            Map.of());

    private static Map<LookupAttributeKey, String> allEight() {
        Map<LookupAttributeKey, String> all = new EnumMap<>(LookupAttributeKey.class);
        all.put(LookupAttributeKey.ReadOnly, "false");
        all.put(LookupAttributeKey.EventSource, "iam.amazonaws.com");
        all.put(LookupAttributeKey.ResourceType, "AWS::IAM::User");
        all.put(LookupAttributeKey.EventName, "CreateUser");
        all.put(LookupAttributeKey.Username, "admin");
        all.put(LookupAttributeKey.ResourceName, "alice");
        all.put(LookupAttributeKey.AccessKeyId, "AKIAADMIN");
        all.put(LookupAttributeKey.EventId, "e1");
        return all;
    }

    @Test
    void theSelectivityOrderNamesEveryAttributeOnce() {
        assertThat(AttributeCriteria.SELECTIVITY).containsExactlyInAnyOrder(LookupAttributeKey.values());
    }

    @Test
    void theMostSelectiveAttributeGoesToTheServer() {
        Map<LookupAttributeKey, String> wanted = allEight();
        List<LookupAttributeKey> chosen = new ArrayList<>();
        while (!wanted.isEmpty()) {
            LookupAttribute server = new AttributeCriteria(wanted).serverAttribute();
            chosen.add(server.key());
            assertThat(server.value()).isEqualTo(wanted.get(server.key()));
            wanted.remove(server.key());
        }
        assertThat(chosen)
                .containsExactly(
                        LookupAttributeKey.EventId,
                        LookupAttributeKey.AccessKeyId,
                        LookupAttributeKey.ResourceName,
                        LookupAttributeKey.Username,
                        LookupAttributeKey.EventName,
                        LookupAttributeKey.ResourceType,
                        LookupAttributeKey.EventSource,
                        LookupAttributeKey.ReadOnly);
    }

    @Test
    void withoutAttributesNothingIsSentAndEverythingMatches() {
        AttributeCriteria none = AttributeCriteria.none();
        assertThat(none.serverAttribute()).isNull();
        assertThat(none.filtersClientSide()).isFalse();
        assertThat(none.matches(CREATE_ALICE)).isTrue();
    }

    @Test
    void oneAttributeIsLeftEntirelyToTheServer() {
        AttributeCriteria byName = new AttributeCriteria(Map.of(LookupAttributeKey.EventName, "DeleteUser"));
        assertThat(byName.filtersClientSide()).isFalse();
        // The server matched it; the event is not checked again here.
        assertThat(byName.matches(CREATE_ALICE)).isTrue();
    }

    @Test
    void theOtherAttributesAreAndedOnTheReturnedEvents() {
        assertThat(new AttributeCriteria(Map.of(
                                LookupAttributeKey.EventName, "CreateUser",
                                LookupAttributeKey.ReadOnly, "false",
                                LookupAttributeKey.EventSource, "iam.amazonaws.com"))
                        .matches(CREATE_ALICE))
                .isTrue();
        assertThat(new AttributeCriteria(Map.of(
                                LookupAttributeKey.EventName, "CreateUser",
                                LookupAttributeKey.ReadOnly, "true"))
                        .matches(CREATE_ALICE))
                .isFalse();
        assertThat(new AttributeCriteria(Map.of(
                                LookupAttributeKey.Username, "admin",
                                LookupAttributeKey.EventName, "DeleteUser"))
                        .matches(CREATE_ALICE))
                .isFalse();
    }

    @Test
    void aResourceAttributeMatchesAnyOfTheEventsResources() {
        AttributeCriteria secondResource = new AttributeCriteria(
                Map.of(LookupAttributeKey.EventName, "CreateUser", LookupAttributeKey.ResourceName, "team-a"));
        AttributeCriteria type = new AttributeCriteria(
                Map.of(LookupAttributeKey.EventName, "CreateUser", LookupAttributeKey.ResourceType, "AWS::IAM::User"));
        AttributeCriteria otherType = new AttributeCriteria(
                Map.of(LookupAttributeKey.EventName, "CreateUser", LookupAttributeKey.ResourceType, "AWS::IAM::Role"));

        assertThat(secondResource.serverAttribute().key()).isEqualTo(LookupAttributeKey.ResourceName);
        assertThat(secondResource.matches(CREATE_ALICE)).isTrue();
        assertThat(type.matches(CREATE_ALICE)).isTrue();
        assertThat(otherType.matches(CREATE_ALICE)).isFalse();
    }

    @Test
    void valuesMatchExactlyAndCaseSensitively() {
        AttributeCriteria lowerCase = new AttributeCriteria(
                Map.of(LookupAttributeKey.EventId, "e1", LookupAttributeKey.EventName, "createuser"));
        AttributeCriteria prefix =
                new AttributeCriteria(Map.of(LookupAttributeKey.EventId, "e1", LookupAttributeKey.EventSource, "iam"));

        assertThat(lowerCase.matches(CREATE_ALICE)).isFalse();
        assertThat(prefix.matches(CREATE_ALICE)).isFalse();
    }
}
