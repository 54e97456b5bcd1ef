package dev.cairn.protocol.sigv4;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.protocol.http.Headers;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The signer against two independent signers (the botocore and AWS SDK for Java vectors the verifier is
 * tested with, and AWS's own get-vanilla example), and in round trips through {@link SigV4Verifier}.
 */
class SigV4SignerTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Instant NOW = Instant.parse("2026-01-15T12:34:56Z");

    static Stream<SignerVector> headerSignedVectors() {
        return Stream.concat(
                        SignerVector.load("botocore-vectors.json").stream(),
                        SignerVector.load("sdk-vectors.json").stream())
                .filter(v -> !v.presigned() && v.hasHeader("x-amz-date"));
    }

    private static String authorizationOf(SignerVector v) {
        return v.headers().stream()
                .filter(h -> h[0].equalsIgnoreCase("authorization"))
                .map(h -> h[1])
                .findFirst()
                .orElseThrow();
    }

    private static List<String> signedHeadersOf(SignerVector v) {
        String auth = authorizationOf(v);
        int from = auth.indexOf("SignedHeaders=") + "SignedHeaders=".length();
        return Arrays.asList(auth.substring(from, auth.indexOf(',', from)).split(";"));
    }

    /** The vector's request as it was before signing: only the headers it signed, minus those the signer adds. */
    private static SignedRequest unsigned(SignerVector v) {
        List<String> signed = signedHeadersOf(v);
        Headers h = new Headers();
        for (String[] field : v.headers()) {
            String name = field[0].toLowerCase(Locale.ROOT);
            if (signed.contains(name) && !name.equals("x-amz-date") && !name.equals("x-amz-security-token")) {
                h.add(field[0], field[1]);
            }
        }
        return new SignedRequest(
                v.method(), v.rawPath(), v.rawQuery(), h, v.body().clone());
    }

    private static SigV4Signer signerFor(SignerVector v) {
        return new SigV4Signer(
                new SigningCredentials(v.accessKeyId(), v.secretAccessKey(), v.sessionToken()),
                v.region(),
                v.service());
    }

    @Test
    void everyHeaderSignedVectorIsUsed() {
        assertThat(headerSignedVectors()).hasSizeGreaterThanOrEqualTo(20);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerSignedVectors")
    void writesTheAuthorizationHeaderTheOtherSignerWrote(SignerVector v) {
        SignedRequest signed = signerFor(v).sign(unsigned(v), v.signedAt());

        assertThat(signed.headers().first("authorization")).isEqualTo(authorizationOf(v));
        assertThat(signed.headers().first("x-amz-date")).isEqualTo("20260115T123456Z");
        assertThat(signed.headers().first("x-amz-security-token")).isEqualTo(v.sessionToken());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerSignedVectors")
    void buildsTheCanonicalRequestAndStringToSignOfBotocore(SignerVector v) {
        assumeTrue(v.canonicalRequest() != null);
        SigV4Signer signer = signerFor(v);

        assertThat(signer.canonicalRequest(unsigned(v), v.signedAt())).isEqualTo(v.canonicalRequest());
        assertThat(signer.stringToSign(unsigned(v), v.signedAt())).isEqualTo(v.stringToSign());
    }

    @Test
    void signsAwsGetVanillaExampleAsPublished() {
        SignedRequest request =
                new SignedRequest("GET", "/", null, new Headers().add("Host", "example.amazonaws.com"), new byte[0]);
        SigV4Signer signer = new SigV4Signer(SigningCredentials.of("AKIDEXAMPLE", SECRET), "us-east-1", "service");

        SignedRequest signed = signer.sign(request, Instant.parse("2015-08-30T12:36:00Z"));

        assertThat(signed.headers().first("authorization"))
                .isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                        + " SignedHeaders=host;x-amz-date,"
                        + " Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    // ---- round trips ------------------------------------------------------------------------------------

    private static SignedRequest lookupEvents(String body) {
        Headers h = new Headers()
                .add("Host", "127.0.0.1:4566")
                .add("Content-Type", "application/x-amz-json-1.1")
                .add("X-Amz-Target", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents");
        return new SignedRequest("POST", "/", null, h, body.getBytes(UTF_8));
    }

    private static void verify(SignedRequest signed, String secret) throws SigV4Exception {
        SigV4Verifier verifier = new SigV4Verifier(new FakeClock(NOW));
        verifier.verify(signed, verifier.parse(signed), secret);
    }

    @Test
    void theVerifierAcceptsWhatTheSignerSigned() throws SigV4Exception {
        SigV4Signer signer = new SigV4Signer(SigningCredentials.of("AKIAEXAMPLE", SECRET), "eu-west-1", "cloudtrail");
        SignedRequest signed = signer.sign(lookupEvents("{\"MaxResults\":50}"), NOW);

        SigV4Credential cred = new SigV4Verifier(new FakeClock(NOW)).parse(signed);
        assertThat(cred.accessKeyId()).isEqualTo("AKIAEXAMPLE");
        assertThat(cred.scope()).isEqualTo("20260115/eu-west-1/cloudtrail/aws4_request");
        assertThat(cred.signedHeaders()).containsExactly("content-type", "host", "x-amz-date", "x-amz-target");
        assertThatCode(() -> verify(signed, SECRET)).doesNotThrowAnyException();
    }

    @Test
    void theVerifierRejectsASignedBodyThatWasChangedAfterwards() {
        SigV4Signer signer = new SigV4Signer(SigningCredentials.of("AKIAEXAMPLE", SECRET), "us-east-1", "cloudtrail");
        SignedRequest signed = signer.sign(lookupEvents("{\"MaxResults\":50}"), NOW);
        SignedRequest changed = new SignedRequest(
                signed.method(), signed.rawPath(), null, signed.headers(), "{\"MaxResults\":5}".getBytes(UTF_8));

        assertThatThrownBy(() -> verify(changed, SECRET))
                .isInstanceOfSatisfying(
                        SigV4Exception.class,
                        e -> assertThat(e.failure()).isEqualTo(SigV4Failure.SIGNATURE_DOES_NOT_MATCH));
    }

    @Test
    void theVerifierRejectsTheSignatureUnderAnotherSecret() {
        SigV4Signer signer = new SigV4Signer(SigningCredentials.of("AKIAEXAMPLE", SECRET), "us-east-1", "cloudtrail");
        SignedRequest signed = signer.sign(lookupEvents("{}"), NOW);

        assertThatThrownBy(() -> verify(signed, SECRET + "x"))
                .isInstanceOfSatisfying(
                        SigV4Exception.class,
                        e -> assertThat(e.failure()).isEqualTo(SigV4Failure.SIGNATURE_DOES_NOT_MATCH));
    }

    @Test
    void aSessionTokenIsSentAndSigned() throws SigV4Exception {
        String token = "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVz+token/with+odd=chars";
        SigV4Signer signer =
                new SigV4Signer(new SigningCredentials("ASIAEXAMPLE", SECRET, token), "us-east-1", "cloudtrail");
        SignedRequest signed = signer.sign(lookupEvents("{}"), NOW);

        SigV4Credential cred = new SigV4Verifier(new FakeClock(NOW)).parse(signed);
        assertThat(cred.sessionToken()).isEqualTo(token);
        assertThat(cred.signedHeaders()).contains("x-amz-security-token");
        assertThatCode(() -> verify(signed, SECRET)).doesNotThrowAnyException();
    }

    @Test
    void trickyPathsAndQueriesRoundTrip() {
        SigV4Signer signer = new SigV4Signer(SigningCredentials.of("AKIAEXAMPLE", SECRET), "us-east-1", "execute-api");
        Headers h = new Headers()
                .add("Host", "api.example.com")
                .add("X-Custom", "  a   b  ")
                .add("X-Custom", "c");
        SignedRequest request = new SignedRequest(
                "GET",
                "/prod/a%20b/%C3%BCber/./c/../d//e",
                "b=2&a=1&a=0&empty=&flag&space=a%20b&plus=a+b&utf=%C3%A9",
                h,
                new byte[0]);

        SignedRequest signed = signer.sign(request, NOW);

        assertThatCode(() -> verify(signed, SECRET)).doesNotThrowAnyException();
    }

    @Test
    void unsignableHeadersAreSentButNotSigned() throws SigV4Exception {
        SigV4Signer signer = new SigV4Signer(SigningCredentials.of("AKIAEXAMPLE", SECRET), "us-east-1", "cloudtrail");
        SignedRequest request = lookupEvents("{}");
        request.headers().add("User-Agent", "cairn-cli/1.0").add("Content-Length", "2");

        SignedRequest signed = signer.sign(request, NOW);

        assertThat(signed.headers().first("user-agent")).isEqualTo("cairn-cli/1.0");
        assertThat(new SigV4Verifier(new FakeClock(NOW)).parse(signed).signedHeaders())
                .doesNotContain("user-agent", "content-length");
    }

    @Test
    void signingAgainReplacesTheOldSignature() {
        SigV4Signer signer = new SigV4Signer(SigningCredentials.of("AKIAEXAMPLE", SECRET), "us-east-1", "cloudtrail");
        SignedRequest first = signer.sign(lookupEvents("{}"), NOW);

        SignedRequest second = signer.sign(first, NOW.plusSeconds(1));

        assertThat(second.headers().all("authorization")).hasSize(1);
        assertThat(second.headers().all("x-amz-date")).containsExactly("20260115T123457Z");
        assertThatCode(() -> {
                    SigV4Verifier verifier = new SigV4Verifier(new FakeClock(NOW.plusSeconds(1)));
                    verifier.verify(second, verifier.parse(second), SECRET);
                })
                .doesNotThrowAnyException();
    }

    @Test
    void aRequestWithoutHostIsRefused() {
        SigV4Signer signer = new SigV4Signer(SigningCredentials.of("AKIAEXAMPLE", SECRET), "us-east-1", "cloudtrail");
        SignedRequest request = new SignedRequest("POST", "/", null, new Headers(), new byte[0]);

        assertThatThrownBy(() -> signer.sign(request, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no Host header");
    }

    @Test
    void credentialsDoNotPrintTheirSecrets() {
        SigningCredentials credentials = new SigningCredentials("AKIAEXAMPLE", SECRET, "token-secret");

        assertThat(credentials.toString()).contains("AKIAEXAMPLE").doesNotContain(SECRET, "token-secret");
        assertThat(new SigV4Signer(credentials, "us-east-1", "cloudtrail").toString())
                .doesNotContain(SECRET, "token-secret");
    }
}
