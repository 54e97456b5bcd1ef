package dev.cairn.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BucketNamesTest {

    @Test
    void aBrokenRuleIsNamedWithTheName() {
        assertThatThrownBy(() -> BucketNames.check("My_Bucket"))
                .isInstanceOfSatisfying(
                        ObjectStoreException.class,
                        e -> assertThat(e.error()).isEqualTo(ObjectStoreError.INVALID_BUCKET_NAME))
                .hasMessage(
                        "bucket name 'My_Bucket' may contain only lowercase letters, digits, dots (.) and hyphens (-)");
    }

    @Test
    void namesThatFollowEveryRuleAreValid() {
        assertThat(BucketNames.isValid("aws-cloudtrail-logs-123456789012-abcd1234"))
                .isTrue();
        assertThat(BucketNames.isValid("10.0.0.1")).isFalse();
        assertThat(BucketNames.isValid("a.-b")).isTrue(); // S3 allows a dot next to a hyphen
    }
}
