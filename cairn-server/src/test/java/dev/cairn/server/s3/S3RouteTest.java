package dev.cairn.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.protocol.http.Headers;
import dev.cairn.protocol.http.HttpRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class S3RouteTest {

    private static HttpRequest request(String method, String path, @Nullable String query, String host) {
        return new HttpRequest(method, path, query, new Headers().set("Host", host), new byte[0], "192.0.2.1");
    }

    private static S3Route route(String method, String path, @Nullable String query) {
        return S3Route.of(request(method, path, query, "127.0.0.1:4566"));
    }

    @Test
    void pathNamesBucketAndKey() {
        S3Route route = route("GET", "/logs/AWSLogs/a%20b/c+d.json", "x-id=GetObject");

        assertThat(route.bucket()).isEqualTo("logs");
        assertThat(route.key()).isEqualTo("AWSLogs/a b/c+d.json");
        assertThat(route.operation()).isEqualTo(S3Operation.GET_OBJECT);
    }

    @Test
    void methodsAndSubresourcesPickTheOperation() {
        assertThat(route("GET", "/", null).operation()).isEqualTo(S3Operation.LIST_BUCKETS);
        assertThat(route("PUT", "/logs", null).operation()).isEqualTo(S3Operation.CREATE_BUCKET);
        assertThat(route("PUT", "/logs/", null).operation()).isEqualTo(S3Operation.CREATE_BUCKET);
        assertThat(route("HEAD", "/logs", null).operation()).isEqualTo(S3Operation.HEAD_BUCKET);
        assertThat(route("DELETE", "/logs", null).operation()).isEqualTo(S3Operation.DELETE_BUCKET);
        assertThat(route("GET", "/logs", "location").operation()).isEqualTo(S3Operation.GET_BUCKET_LOCATION);
        assertThat(route("GET", "/logs", "prefix=a&encoding-type=url").operation())
                .isEqualTo(S3Operation.LIST_OBJECTS);
        assertThat(route("GET", "/logs", "list-type=2").operation()).isEqualTo(S3Operation.LIST_OBJECTS_V2);
        assertThat(route("PUT", "/logs/k", null).operation()).isEqualTo(S3Operation.PUT_OBJECT);
        assertThat(route("HEAD", "/logs/k", null).operation()).isEqualTo(S3Operation.HEAD_OBJECT);
        assertThat(route("DELETE", "/logs/k", null).operation()).isEqualTo(S3Operation.DELETE_OBJECT);
    }

    @Test
    void otherMethodsAreNotAllowed() {
        S3Exception e = catchThrowableOfType(S3Exception.class, () -> route("PATCH", "/logs/k", null));

        assertThat(e.code()).isEqualTo("MethodNotAllowed");
        assertThat(e.httpStatus()).isEqualTo(405);
    }

    @Test
    void virtualHostedStyleIsRecognisedButPathStyleHostsAreNot() {
        for (String host : new String[] {
            "logs.s3.amazonaws.com",
            "logs.s3.eu-west-1.amazonaws.com",
            "my.logs.s3-us-west-2.amazonaws.com",
            "logs.localhost:4566"
        }) {
            S3Exception e = catchThrowableOfType(S3Exception.class, () -> S3Route.of(request("GET", "/k", null, host)));
            assertThat(e).as(host).isNotNull();
            assertThat(e.code()).as(host).isEqualTo("InvalidRequest");
        }
        for (String host : new String[] {
            "s3.amazonaws.com",
            "s3.us-east-1.amazonaws.com",
            "localhost:4566",
            "127.0.0.1:4566",
            "[::1]:4566",
            "cairn.example.com"
        }) {
            assertThat(S3Route.of(request("GET", "/logs/k", null, host)).bucket())
                    .as(host)
                    .isEqualTo("logs");
        }
    }

    @Test
    void signedForS3IsJudgedFromTheScopeAlone() {
        assertThat(S3Edge.signedForS3(
                        "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/s3/aws4_request, SignedHeaders=host",
                        null))
                .isTrue();
        assertThat(S3Edge.signedForS3(
                        "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sts/aws4_request, SignedHeaders=host",
                        null))
                .isFalse();
        assertThat(
                        S3Edge.signedForS3(
                                null,
                                "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request"))
                .isTrue();
        assertThat(S3Edge.signedForS3(null, "prefix=%2Fs3%2Faws4_request")).isFalse();
    }
}
