package dev.cairn.server.sts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.identity.Caller;
import dev.cairn.identity.IamRole;
import dev.cairn.identity.PrincipalType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TrustPolicyTest {
    private static final Caller ALICE = new Caller(
            PrincipalType.IAM_USER,
            "123456789012",
            "arn:aws:iam::123456789012:user/alice",
            "AIDAEXAMPLE",
            "alice",
            "AKIAEXAMPLE",
            null);

    private static IamRole role(String trust) {
        return new IamRole("123456789012", "r", "AROAEXAMPLE", "/", trust, null, 3600, Instant.EPOCH);
    }

    private static String allow(String principal) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":" + principal
                + ",\"Action\":\"sts:AssumeRole\"}]}";
    }

    @Test
    void theAccountRootAdmitsEveryPrincipalOfTheAccount() {
        assertThat(TrustPolicy.allows(role(allow("{\"AWS\":\"arn:aws:iam::123456789012:root\"}")), ALICE))
                .isTrue();
        assertThat(TrustPolicy.allows(role(allow("{\"AWS\":\"123456789012\"}")), ALICE))
                .isTrue();
    }

    @Test
    void anotherAccountIsRefused() {
        assertThat(TrustPolicy.allows(role(allow("{\"AWS\":\"arn:aws:iam::210987654321:root\"}")), ALICE))
                .isFalse();
    }

    @Test
    void aUserArnAdmitsThatUserOnly() {
        assertThat(TrustPolicy.allows(role(allow("{\"AWS\":[\"arn:aws:iam::123456789012:user/alice\"]}")), ALICE))
                .isTrue();
        assertThat(TrustPolicy.allows(role(allow("{\"AWS\":\"arn:aws:iam::123456789012:user/bob\"}")), ALICE))
                .isFalse();
    }

    @Test
    void aDenyWins() {
        String trust = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\"},"
                + "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:user/alice\"},"
                + "\"Action\":[\"sts:AssumeRole\"]}]}";
        assertThat(TrustPolicy.allows(role(trust), ALICE)).isFalse();
    }

    @Test
    void aServicePrincipalDoesNotAdmitUsers() {
        assertThat(TrustPolicy.allows(role(allow("{\"Service\":\"lambda.amazonaws.com\"}")), ALICE))
                .isFalse();
    }

    @Test
    void anotherActionDoesNotAdmit() {
        String trust = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:TagSession\"}]}";
        assertThat(TrustPolicy.allows(role(trust), ALICE)).isFalse();
    }

    @Test
    void malformedJsonAdmitsNobody() {
        assertThat(TrustPolicy.allows(role("{not json"), ALICE)).isFalse();
    }
}
