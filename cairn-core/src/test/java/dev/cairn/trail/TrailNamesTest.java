package dev.cairn.trail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrailNamesTest {

    @Test
    void validNamesHaveNoViolation() {
        for (String name : new String[] {"abc", "My.Trail_1-x", "a".repeat(128), "trail-2024.01", "10.0.0.1a"}) {
            assertThat(TrailNames.violation(name)).as(name).isNull();
        }
    }

    @Test
    void tooShortAndTooLongNamesGiveTheirLengths() {
        assertThat(TrailNames.violation("a"))
                .isEqualTo("Trail name too short. Minimum allowed length: 3 characters. Specified name length: 1"
                        + " characters.");
        assertThat(TrailNames.violation("a".repeat(129)))
                .isEqualTo("Trail name too long. Maximum allowed length: 128 characters. Specified name length: 129"
                        + " characters.");
    }

    @Test
    void firstAndLastCharactersMustBeLettersOrDigits() {
        assertThat(TrailNames.violation("-abc")).isEqualTo("Trail name must starts with a letter or number.");
        assertThat(TrailNames.violation("abc_")).isEqualTo("Trail name must ends with a letter or number.");
        assertThat(TrailNames.violation("ébc")).isEqualTo("Trail name must starts with a letter or number.");
    }

    @Test
    void otherCharactersAreRefused() {
        assertThat(TrailNames.violation("my trail"))
                .isEqualTo("Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods"
                        + " (.), hyphens (-), and underscores (_).");
        assertThat(TrailNames.violation("my:trail")).startsWith("Trail name or ARN can only contain");
    }

    @Test
    void adjacentPunctuationIsRefused() {
        assertThat(TrailNames.violation("my-_namespace")).contains("adjacent");
        assertThat(TrailNames.violation("my--namespace")).contains("adjacent");
        assertThat(TrailNames.violation("my..trail")).contains("adjacent");
    }

    @Test
    void anIpv4AddressIsNotAName() {
        assertThat(TrailNames.violation("192.168.5.4")).contains("IP address");
    }

    @Test
    void aTrailArnIsParsedIntoItsParts() {
        TrailArn arn = TrailNames.parseArn("arn:aws:cloudtrail:us-west-2:123456789012:trail/My.Trail");

        assertThat(arn).isEqualTo(new TrailArn("aws", "us-west-2", "123456789012", "My.Trail"));
        assertThat(arn).hasToString("arn:aws:cloudtrail:us-west-2:123456789012:trail/My.Trail");
        assertThat(TrailNames.parseArn("arn:aws-us-gov:cloudtrail:us-gov-west-1:123456789012:trail/abc"))
                .isNotNull();
    }

    @Test
    void otherArnsAreNotTrailArns() {
        for (String arn : new String[] {
            "arn:aws:cloudtrail:us-west-2:123456789012:eventdatastore/abc",
            "arn:aws:s3:::bucket",
            "arn:aws:cloudtrail:us-west-2:12345678901:trail/abc",
            "arn:aws:cloudtrail:us-west-2:123456789012:trail/a",
            "arn:aws:cloudtrail:us-west-2:123456789012:trail/",
            "arn:aws:cloudtrail::123456789012:trail/abc",
            "arn:foo:cloudtrail:us-west-2:123456789012:trail/abc"
        }) {
            assertThat(TrailNames.parseArn(arn)).as(arn).isNull();
        }
        assertThat(TrailNames.isArn("arn:anything")).isTrue();
        assertThat(TrailNames.isArn("my-trail")).isFalse();
    }
}
