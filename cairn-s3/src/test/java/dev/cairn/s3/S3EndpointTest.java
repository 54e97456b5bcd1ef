package dev.cairn.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class S3EndpointTest {

    @Test
    void theSecretKeyIsNeverInTheDescription() {
        S3Endpoint endpoint = new S3Endpoint(
                URI.create("http://127.0.0.1:9000"), "us-east-1", true, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG");

        assertThat(endpoint.toString())
                .doesNotContain("wJalrXUtnFEMI/K7MDENG")
                .contains("http://127.0.0.1:9000", "us-east-1", "AKIDEXAMPLE", "****");
    }

    @Test
    void noUrlMeansAwsItself() {
        S3Endpoint endpoint = new S3Endpoint(null, "eu-west-1", false, "AKIDEXAMPLE", "secret");

        assertThat(endpoint.toString()).contains("url=AWS");
    }

    @Test
    void aUrlMustBeAbsoluteAndCarryNoCredentials() {
        assertThatThrownBy(() -> new S3Endpoint(URI.create("localhost:9000"), "us-east-1", true, "a", "s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute");
        assertThatThrownBy(() ->
                        new S3Endpoint(URI.create("http://user:hunter2@127.0.0.1:9000"), "us-east-1", true, "a", "s"))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain("hunter2");
        assertThatThrownBy(() -> new S3Endpoint(null, " ", true, "a", "s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("region");
    }
}
