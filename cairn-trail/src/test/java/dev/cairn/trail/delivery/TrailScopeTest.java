package dev.cairn.trail.delivery;

import static dev.cairn.trail.delivery.TrailDeliveryTest.ACCOUNT;
import static dev.cairn.trail.delivery.TrailDeliveryTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.event.AuditEvent;
import dev.cairn.event.RawJson;
import dev.cairn.trail.Trail;
import org.junit.jupiter.api.Test;

class TrailScopeTest {
    final Trail trail = new TrailDeliveryTest.TrailBuilder("main", T0).build();

    @Test
    void aSuccessfulStartLoggingOfTheTrailByNameOrArnSwitchesLoggingOn() {
        assertThat(TrailScope.switchesLogging(trail, call("StartLogging", "main", null), ACCOUNT))
                .isTrue();
        assertThat(TrailScope.switchesLogging(trail, call("StartLogging", trail.arn(), null), ACCOUNT))
                .isTrue();
    }

    @Test
    void aSuccessfulStopLoggingOrDeleteTrailSwitchesItOff() {
        assertThat(TrailScope.switchesLogging(trail, call("StopLogging", "main", null), ACCOUNT))
                .isFalse();
        assertThat(TrailScope.switchesLogging(trail, call("DeleteTrail", "main", null), ACCOUNT))
                .isFalse();
    }

    @Test
    void failedCallsOtherTrailsOtherAccountsAndOtherRegionsSwitchNothing() {
        assertThat(TrailScope.switchesLogging(trail, call("StartLogging", "main", "TrailNotFoundException"), ACCOUNT))
                .isNull();
        assertThat(TrailScope.switchesLogging(trail, call("StartLogging", "main-2", null), ACCOUNT))
                .isNull();
        AuditEvent otherAccount = call("StartLogging", "main", null).toBuilder()
                .recipientAccountId("444455556666")
                .build();
        assertThat(TrailScope.switchesLogging(trail, otherAccount, "444455556666"))
                .isNull();
        AuditEvent otherRegion = call("StartLogging", "main", null).toBuilder()
                .awsRegion("eu-west-1")
                .build();
        assertThat(TrailScope.switchesLogging(trail, otherRegion, ACCOUNT)).isNull();
        assertThat(TrailScope.switchesLogging(trail, call("GetTrailStatus", "main", null), ACCOUNT))
                .isNull();
    }

    private AuditEvent call(String name, String trailName, String errorCode) {
        AuditEvent base = TrailDeliveryTest.Catalog.loggingCall(trail, "StartLogging");
        return base.toBuilder()
                .eventName(name)
                .requestParameters(RawJson.of("{\"name\":\"" + trailName + "\"}"))
                .errorCode(errorCode)
                .build();
    }
}
