package dev.cairn.server.s3;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * aws-chunked decoding, checked first against the worked example of AWS's SigV4 streaming documentation
 * ("Signature Calculations for the Authorization Header: Transferring Payload in Multiple Chunks", example
 * PUT Object of 66560 bytes of 'a' in 64 KiB chunks), whose chunk signatures are published.
 */
class AwsChunkedTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String AMZ_DATE = "20130524T000000Z";
    private static final String SCOPE = "20130524/us-east-1/s3/aws4_request";
    private static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    private static final String CHUNK_1 = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648";
    private static final String CHUNK_2 = "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497";
    private static final String FINAL = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9";

    /** The body of AWS's example, exactly as the documentation lays it out (66824 bytes). */
    static byte[] documentedBody() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("10000;chunk-signature=" + CHUNK_1 + "\r\n").getBytes(US_ASCII));
        body.writeBytes("a".repeat(65536).getBytes(US_ASCII));
        body.writeBytes(("\r\n400;chunk-signature=" + CHUNK_2 + "\r\n").getBytes(US_ASCII));
        body.writeBytes("a".repeat(1024).getBytes(US_ASCII));
        body.writeBytes(("\r\n0;chunk-signature=" + FINAL + "\r\n\r\n").getBytes(US_ASCII));
        return body.toByteArray();
    }

    private static AwsChunked.Signing signing() {
        return new AwsChunked.Signing(
                AwsChunked.signingKey(SECRET, "20130524", "us-east-1", "s3"), AMZ_DATE, SCOPE, SEED);
    }

    @Test
    void documentedExampleDecodesWithItsChunkSignatures() {
        byte[] body = documentedBody();
        assertThat(body).hasSize(66824); // the example's Content-Length

        AwsChunked.Decoded decoded = AwsChunked.decode(body, AwsChunked.Mode.SIGNED, signing(), 66560);

        assertThat(decoded.content()).isEqualTo("a".repeat(66560).getBytes(US_ASCII));
        assertThat(decoded.trailers()).isEmpty();
    }

    @Test
    void changedByteInAChunkBreaksItsSignature() {
        byte[] body = documentedBody();
        body[1000] = 'b';

        S3Exception e = catchThrowableOfType(
                S3Exception.class, () -> AwsChunked.decode(body, AwsChunked.Mode.SIGNED, signing(), 66560));

        assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.httpStatus()).isEqualTo(403);
    }

    @Test
    void chunksCannotBeReplayedUnderAnotherSeed() {
        AwsChunked.Signing otherSeed = new AwsChunked.Signing(
                AwsChunked.signingKey(SECRET, "20130524", "us-east-1", "s3"), AMZ_DATE, SCOPE, FINAL);

        S3Exception e = catchThrowableOfType(
                S3Exception.class, () -> AwsChunked.decode(documentedBody(), AwsChunked.Mode.SIGNED, otherSeed, 66560));

        assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void signedModeRefusesAChunkWithoutSignature() {
        byte[] body = "5\r\nhello\r\n0\r\n\r\n".getBytes(US_ASCII);

        S3Exception e = catchThrowableOfType(
                S3Exception.class, () -> AwsChunked.decode(body, AwsChunked.Mode.SIGNED, signing(), 5));

        assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void openModeReadsSignaturesWithoutCheckingThem() {
        byte[] body = documentedBody();

        AwsChunked.Decoded decoded = AwsChunked.decode(body, AwsChunked.Mode.SIGNED, null, -1);

        assertThat(decoded.content()).hasSize(66560);
    }

    @Test
    void unsignedTrailerCarriesTheChecksum() {
        byte[] body = "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n".getBytes(US_ASCII);

        AwsChunked.Decoded decoded = AwsChunked.decode(body, AwsChunked.Mode.UNSIGNED, null, 5);

        assertThat(decoded.content()).isEqualTo("hello".getBytes(US_ASCII));
        assertThat(decoded.trailers()).containsEntry("x-amz-checksum-crc32", "NhCmhg==");
    }

    @Test
    void bodyWithoutTheLastCrlfIsAccepted() {
        byte[] body = "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n".getBytes(US_ASCII);

        assertThat(AwsChunked.decode(body, AwsChunked.Mode.UNSIGNED, null, 5).trailers())
                .containsKey("x-amz-checksum-crc32");
    }

    @Test
    void signedTrailerIsCheckedAgainstTheFinalChunkSignature() throws Exception {
        byte[] key = AwsChunked.signingKey(SECRET, "20130524", "us-east-1", "s3");
        String chunk = sign(
                key,
                "AWS4-HMAC-SHA256-PAYLOAD\n" + AMZ_DATE + "\n" + SCOPE + "\n" + SEED + "\n" + sha256Hex("") + "\n"
                        + sha256Hex("hello"));
        String last = sign(
                key,
                "AWS4-HMAC-SHA256-PAYLOAD\n" + AMZ_DATE + "\n" + SCOPE + "\n" + chunk + "\n" + sha256Hex("") + "\n"
                        + sha256Hex(""));
        String trailer = sign(
                key,
                "AWS4-HMAC-SHA256-TRAILER\n" + AMZ_DATE + "\n" + SCOPE + "\n" + last + "\n"
                        + sha256Hex("x-amz-checksum-crc32:NhCmhg==\n"));
        String good = "5;chunk-signature=" + chunk + "\r\nhello\r\n0;chunk-signature=" + last
                + "\r\nx-amz-checksum-crc32:NhCmhg==\r\nx-amz-trailer-signature:" + trailer + "\r\n\r\n";
        String forged = good.replace("NhCmhg==", "AAAAAA==");

        AwsChunked.Decoded decoded =
                AwsChunked.decode(good.getBytes(US_ASCII), AwsChunked.Mode.SIGNED_TRAILER, signing(), 5);
        S3Exception e = catchThrowableOfType(
                S3Exception.class,
                () -> AwsChunked.decode(forged.getBytes(US_ASCII), AwsChunked.Mode.SIGNED_TRAILER, signing(), 5));

        assertThat(decoded.trailers()).containsEntry("x-amz-checksum-crc32", "NhCmhg==");
        assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.getMessage()).contains("trailer");
    }

    @Test
    void lengthOtherThanDeclaredIsAnIncompleteBody() {
        byte[] body = "5\r\nhello\r\n0\r\n\r\n".getBytes(US_ASCII);

        S3Exception e = catchThrowableOfType(
                S3Exception.class, () -> AwsChunked.decode(body, AwsChunked.Mode.UNSIGNED, null, 6));

        assertThat(e.code()).isEqualTo("IncompleteBody");
        assertThat(e.httpStatus()).isEqualTo(400);
    }

    @Test
    void bodyCutInsideAChunkIsAnIncompleteBody() {
        byte[] body = "10\r\nhello".getBytes(US_ASCII);

        S3Exception e = catchThrowableOfType(
                S3Exception.class, () -> AwsChunked.decode(body, AwsChunked.Mode.UNSIGNED, null, -1));

        assertThat(e.code()).isEqualTo("IncompleteBody");
    }

    @Test
    void chunkSizeThatIsNotHexIsRefused() {
        byte[] body = "zz\r\nhello\r\n0\r\n\r\n".getBytes(US_ASCII);

        S3Exception e = catchThrowableOfType(
                S3Exception.class, () -> AwsChunked.decode(body, AwsChunked.Mode.UNSIGNED, null, -1));

        assertThat(e.code()).isEqualTo("InvalidRequest");
        assertThat(e.getMessage()).contains("'zz'");
    }

    @Test
    void brokenTrailerLineIsAMalformedTrailer() {
        byte[] body = "0\r\nno-colon-here\r\n\r\n".getBytes(US_ASCII);

        S3Exception e = catchThrowableOfType(
                S3Exception.class, () -> AwsChunked.decode(body, AwsChunked.Mode.UNSIGNED, null, 0));

        assertThat(e.code()).isEqualTo("MalformedTrailerError");
    }

    private static String sign(byte[] key, String toSign) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(toSign.getBytes(UTF_8)));
    }

    private static String sha256Hex(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(UTF_8)));
    }
}
