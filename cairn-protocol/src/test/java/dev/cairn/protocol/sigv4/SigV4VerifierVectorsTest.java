package dev.cairn.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests signed by two independent signers, botocore and the AWS SDK for Java v2, each checked against
 * the verifier as signed and after one thing about it has been changed.
 */
class SigV4VerifierVectorsTest {

    static List<SignerVector> botocore() {
        return SignerVector.load("botocore-vectors.json");
    }

    static List<SignerVector> awsSdkForJava() {
        return SignerVector.load("sdk-vectors.json");
    }

    static Stream<SignerVector> all() {
        return Stream.concat(botocore().stream(), awsSdkForJava().stream());
    }

    private static SigV4Verifier verifierAt(SignerVector v) {
        return new SigV4Verifier(new FakeClock(v.signedAt()));
    }

    private static void verify(SigV4Verifier verifier, SignedRequest req, String secret) throws SigV4Exception {
        verifier.verify(req, verifier.parse(req), secret);
    }

    private static SigV4Failure failureOf(SigV4Verifier verifier, SignedRequest req, String secret) {
        try {
            verify(verifier, req, secret);
        } catch (SigV4Exception e) {
            return e.failure();
        }
        return null;
    }

    @Test
    void bothSignersContributeVectors() {
        assertThat(botocore()).hasSizeGreaterThanOrEqualTo(14);
        assertThat(awsSdkForJava()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(all()).anyMatch(SignerVector::presigned).anyMatch(v -> v.sessionToken() != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("botocore")
    void acceptsRequestSignedByBotocore(SignerVector v) {
        assertThatCode(() -> verify(verifierAt(v), v.request(), v.secretAccessKey()))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awsSdkForJava")
    void acceptsRequestSignedByAwsSdkForJava(SignerVector v) {
        assertThatCode(() -> verify(verifierAt(v), v.request(), v.secretAccessKey()))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("botocore")
    void buildsTheSameCanonicalRequestAndStringToSignAsBotocore(SignerVector v) throws SigV4Exception {
        SigV4Verifier verifier = verifierAt(v);
        SigV4Credential cred = verifier.parse(v.request());
        assertThat(verifier.canonicalRequest(v.request(), cred)).isEqualTo(v.canonicalRequest());
        assertThat(verifier.stringToSign(v.request(), cred)).isEqualTo(v.stringToSign());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void readsTheCredentialTheSignerWrote(SignerVector v) throws SigV4Exception {
        SigV4Credential cred = verifierAt(v).parse(v.request());
        assertThat(cred.accessKeyId()).isEqualTo(v.accessKeyId());
        assertThat(cred.region()).isEqualTo(v.region());
        assertThat(cred.service()).isEqualTo(v.service());
        assertThat(cred.requestTime()).isEqualTo(v.signedAt());
        assertThat(cred.date()).isEqualTo("20260115");
        assertThat(cred.signature()).isEqualTo(v.signature());
        assertThat(cred.sessionToken()).isEqualTo(v.sessionToken());
        assertThat(cred.presigned()).isEqualTo(v.presigned());
        assertThat(cred.expires())
                .isEqualTo(v.expiresSeconds() == null ? null : Duration.ofSeconds(v.expiresSeconds()));
        assertThat(cred.signedHeaders()).contains("host");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void rejectsChangedBodyUnlessThePayloadIsUnsigned(SignerVector v) {
        SignedRequest original = v.request();
        byte[] body =
                original.body().length == 0 ? new byte[] {'x'} : original.body().clone();
        if (original.body().length > 0) {
            body[0] ^= 1;
        }
        SignedRequest tampered =
                new SignedRequest(original.method(), original.rawPath(), original.rawQuery(), original.headers(), body);
        String contentSha256 = original.headers().first("x-amz-content-sha256");
        SigV4Failure failure = failureOf(verifierAt(v), tampered, v.secretAccessKey());
        if (contentSha256 != null && contentSha256.length() == 64) {
            assertThat(failure).isEqualTo(SigV4Failure.CONTENT_SHA256_MISMATCH);
        } else if ("UNSIGNED-PAYLOAD".equals(contentSha256)
                || (v.presigned() && v.service().equals("s3"))) {
            assertThat(failure)
                    .as("an unsigned payload is not covered by the signature")
                    .isNull();
        } else {
            assertThat(failure).isEqualTo(SigV4Failure.SIGNATURE_DOES_NOT_MATCH);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void rejectsChangedSignedHeader(SignerVector v) {
        SignedRequest tampered =
                v.request(line -> line.toLowerCase().startsWith("host: ") ? line.replace(".com", ".co") + "x" : line);
        assertThat(failureOf(verifierAt(v), tampered, v.secretAccessKey()))
                .isEqualTo(SigV4Failure.SIGNATURE_DOES_NOT_MATCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void rejectsChangedTimestampWithinTheSkew(SignerVector v) {
        assumeTrue(!v.presigned() && v.hasHeader("x-amz-date"));
        SignedRequest tampered = v.request(line -> line.replace("20260115T123456Z", "20260115T123457Z"));
        assertThat(failureOf(verifierAt(v), tampered, v.secretAccessKey()))
                .isEqualTo(SigV4Failure.SIGNATURE_DOES_NOT_MATCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void rejectsChangedPath(SignerVector v) {
        SignedRequest r = v.request();
        SignedRequest tampered = new SignedRequest(r.method(), r.rawPath() + "x", r.rawQuery(), r.headers(), r.body());
        assertThat(failureOf(verifierAt(v), tampered, v.secretAccessKey()))
                .isEqualTo(SigV4Failure.SIGNATURE_DOES_NOT_MATCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void rejectsAddedQueryParameter(SignerVector v) {
        SignedRequest r = v.request();
        String query = r.rawQuery() == null ? "extra=1" : r.rawQuery() + "&extra=1";
        SignedRequest tampered = new SignedRequest(r.method(), r.rawPath(), query, r.headers(), r.body());
        assertThat(failureOf(verifierAt(v), tampered, v.secretAccessKey()))
                .isEqualTo(SigV4Failure.SIGNATURE_DOES_NOT_MATCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void rejectsChangedMethod(SignerVector v) {
        SignedRequest r = v.request();
        String method = r.method().equals("GET") ? "HEAD" : "GET";
        SignedRequest tampered = new SignedRequest(method, r.rawPath(), r.rawQuery(), r.headers(), r.body());
        assertThat(failureOf(verifierAt(v), tampered, v.secretAccessKey()))
                .isEqualTo(SigV4Failure.SIGNATURE_DOES_NOT_MATCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void rejectsWrongSecret(SignerVector v) {
        String wrong = v.secretAccessKey().substring(0, v.secretAccessKey().length() - 1) + "X";
        assertThatThrownBy(() -> verify(verifierAt(v), v.request(), wrong))
                .isInstanceOfSatisfying(SigV4Exception.class, e -> {
                    assertThat(e.failure()).isEqualTo(SigV4Failure.SIGNATURE_DOES_NOT_MATCH);
                    assertThat(e.getMessage())
                            .isEqualTo("The request signature we calculated does not match the signature you"
                                    + " provided. Check your AWS Secret Access Key and signing method. Consult the"
                                    + " service documentation for details.");
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void rejectsRequestSignedSixteenMinutesAgo(SignerVector v) {
        assumeTrue(!v.presigned());
        SigV4Verifier verifier = new SigV4Verifier(new FakeClock(v.signedAt().plus(Duration.ofMinutes(16))));
        assertThatThrownBy(() -> verify(verifier, v.request(), v.secretAccessKey()))
                .isInstanceOfSatisfying(SigV4Exception.class, e -> {
                    assertThat(e.failure()).isEqualTo(SigV4Failure.SIGNATURE_EXPIRED);
                    assertThat(e.getMessage())
                            .isEqualTo("Signature expired: 20260115T123456Z is now earlier than 20260115T123556Z"
                                    + " (20260115T125056Z - 15 min.)");
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void rejectsRequestSignedSixteenMinutesAhead(SignerVector v) {
        SigV4Verifier verifier = new SigV4Verifier(new FakeClock(v.signedAt().minus(Duration.ofMinutes(16))));
        assertThatThrownBy(() -> verify(verifier, v.request(), v.secretAccessKey()))
                .isInstanceOfSatisfying(SigV4Exception.class, e -> {
                    assertThat(e.failure()).isEqualTo(SigV4Failure.SIGNATURE_EXPIRED);
                    assertThat(e.getMessage())
                            .isEqualTo("Signature not yet current: 20260115T123456Z is still later than"
                                    + " 20260115T123356Z (20260115T121856Z + 15 min.)");
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void acceptsRequestFifteenMinutesEitherWay(SignerVector v) {
        assumeTrue(!v.presigned());
        for (Duration d : List.of(Duration.ofMinutes(15), Duration.ofMinutes(-15))) {
            SigV4Verifier verifier =
                    new SigV4Verifier(new FakeClock(v.signedAt().plus(d)));
            assertThatCode(() -> verify(verifier, v.request(), v.secretAccessKey()))
                    .as("clock %s from the signing time", d)
                    .doesNotThrowAnyException();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void acceptsPresignedUrlUntilItExpires(SignerVector v) {
        assumeTrue(v.presigned());
        SigV4Verifier verifier = new SigV4Verifier(new FakeClock(v.signedAt().plusSeconds(v.expiresSeconds())));
        assertThatCode(() -> verify(verifier, v.request(), v.secretAccessKey())).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void rejectsPresignedUrlPastXAmzExpires(SignerVector v) {
        assumeTrue(v.presigned());
        SigV4Verifier verifier = new SigV4Verifier(new FakeClock(v.signedAt().plusSeconds(v.expiresSeconds() + 1)));
        String end = AmzDate.formatBasic(v.signedAt().plusSeconds(v.expiresSeconds()));
        String now = AmzDate.formatBasic(v.signedAt().plusSeconds(v.expiresSeconds() + 1));
        assertThatThrownBy(() -> verify(verifier, v.request(), v.secretAccessKey()))
                .isInstanceOfSatisfying(SigV4Exception.class, e -> {
                    assertThat(e.failure()).isEqualTo(SigV4Failure.REQUEST_EXPIRED);
                    assertThat(e.getMessage())
                            .isEqualTo("Request has expired: X-Amz-Date 20260115T123456Z + X-Amz-Expires "
                                    + v.expiresSeconds() + " seconds ended at " + end + ", and it is now " + now
                                    + ".");
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void rejectsRequestWithoutAuthenticationAsMissingToken(SignerVector v) {
        SignedRequest r = v.request(line -> line.startsWith("Authorization: ") ? null : line);
        String query = r.rawQuery() == null
                ? null
                : String.join(
                        "&",
                        Stream.of(r.rawQuery().split("&"))
                                .filter(p -> !p.startsWith("X-Amz-"))
                                .toList());
        SignedRequest stripped = new SignedRequest(r.method(), r.rawPath(), query, r.headers(), r.body());
        assertThatThrownBy(() -> verifierAt(v).parse(stripped)).isInstanceOfSatisfying(SigV4Exception.class, e -> {
            assertThat(e.failure()).isEqualTo(SigV4Failure.MISSING_AUTHENTICATION_TOKEN);
            assertThat(e.getMessage()).isEqualTo("Request is missing Authentication Token");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void rejectsSignatureWithOneDigitChanged(SignerVector v) {
        String sig = v.signature();
        String flipped = sig.substring(0, 63) + (sig.charAt(63) == '0' ? '1' : '0');
        SignedRequest r = v.presigned()
                ? new SignedRequest(
                        v.method(),
                        v.rawPath(),
                        v.rawQuery().replace(sig, flipped),
                        v.request().headers(),
                        v.body())
                : v.request(line -> line.replace(sig, flipped));
        assertThat(failureOf(verifierAt(v), r, v.secretAccessKey())).isEqualTo(SigV4Failure.SIGNATURE_DOES_NOT_MATCH);
    }
}
