package dev.cairn.server.s3;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class ChecksumsTest {
    private static final byte[] CHECK = "123456789".getBytes(US_ASCII);

    @Test
    void crc64NvmeHasItsCatalogueCheckValue() {
        assertThat(Checksums.crc64Nvme(CHECK)).isEqualTo(0xAE8B14860A799888L);
    }

    @Test
    void eachAlgorithmAcceptsItsOwnDigest() {
        for (String header : Checksums.HEADERS) {
            String algorithm = header.substring("x-amz-checksum-".length());
            String value = Base64.getEncoder().encodeToString(Checksums.digest(algorithm, CHECK));

            assertThatNoException().as(header).isThrownBy(() -> Checksums.verify(header, value, CHECK));
        }
    }

    @Test
    void crc32OfHelloIsTheValueSdksSend() {
        assertThatNoException()
                .isThrownBy(() -> Checksums.verify("x-amz-checksum-crc32", "NhCmhg==", "hello".getBytes(US_ASCII)));
    }

    @Test
    void wrongChecksumIsABadDigest() {
        S3Exception e = catchThrowableOfType(
                S3Exception.class, () -> Checksums.verify("x-amz-checksum-crc32", "AAAAAA==", CHECK));

        assertThat(e.code()).isEqualTo("BadDigest");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("The CRC32 you specified did not match the calculated checksum.");
    }

    @Test
    void checksumOfTheWrongLengthIsInvalid() {
        S3Exception e = catchThrowableOfType(
                S3Exception.class, () -> Checksums.verify("x-amz-checksum-sha256", "AAAAAA==", CHECK));

        assertThat(e.code()).isEqualTo("InvalidRequest");
        assertThat(e.getMessage()).contains("x-amz-checksum-sha256");
    }

    @Test
    void contentMd5IsChecked() {
        String md5 = Base64.getEncoder().encodeToString(Checksums.md5(CHECK));

        assertThatNoException().isThrownBy(() -> Checksums.verifyContentMd5(md5, CHECK));
        assertThat(catchThrowableOfType(S3Exception.class, () -> Checksums.verifyContentMd5(md5, new byte[1]))
                        .code())
                .isEqualTo("BadDigest");
        assertThat(catchThrowableOfType(S3Exception.class, () -> Checksums.verifyContentMd5("nope", CHECK))
                        .code())
                .isEqualTo("InvalidDigest");
    }
}
