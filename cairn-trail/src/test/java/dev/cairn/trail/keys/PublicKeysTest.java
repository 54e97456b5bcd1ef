package dev.cairn.trail.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** PKCS#1 DER and fingerprints, checked against the public keys AWS published with their fingerprints. */
class PublicKeysTest {

    // [DOC: Custom implementations of CloudTrail log file integrity validation], sample ListPublicKeys answer.
    static final String AWS_SAMPLE_1 =
            "MIIBCgKCAQEAn11L2YZ9h7onug2ILi1MWyHiMRsTQjfWE+pHVRLk1QjfWhirG+lpOa8NrwQ/r7Ah5bNL6Hepzn"
                    + "OU9XTDSfmmnP97mqyc7z/upfZdS/AHhYcGaz7n6Wc/RRBU6VmiPCrAUojuSk6/GjvA8iOPFsYDuBtviXarvuLPlrT9kAd4Lb+rFfR5peEgBE"
                    + "khlzc5HuWO7S0y+KunqxX6jQBnXGMtxmPBPP0FylgWGNdFtks/4YSKcgqwH0YDcawP9GGGDAeCIqPWIXDLG1jOjRRzWfCmD0iJUkz8vTsn4h"
                    + "q/5ZxRFE7UBAUiVcGbdnDdvVfhF9C3dQiDq3k7adQIziLT0cShgQIDAQAB";
    static final String AWS_SAMPLE_2 =
            "MIIBCgKCAQEApfYL2FiZhpN74LNWVUzhR+VheYhwhYm8w0n5Gf6i95ylW5kBAWKVEmnAQG7BvS5g9SMqFDQx52"
                    + "fW7NWV44IvfJ2xGXT+wT+DgR6ZQ+6yxskQNqV5YcXj4Aa5Zz4jJfsYjDuO2MDTZNIzNvBNzaBJ+r2WIWAJ/Xq54kyF63B6WE38vKuDE7nSd1"
                    + "FqQuEoNBFLPInvgggYe2Ym1Refe2z71wNcJ2kY+q0h1BSHrSM8RWuJIw7MXwF9iQncg9jYzUlNJomozQzAG5wSRfbplcCYNY40xvGd/aAmO0"
                    + "m+Y+XFMrKwtLCwseHPvj843qVno6x4BJN9bpWnoPo9sdsbGoiK3QIDAQAB";
    // The same page's third key is an X.509 SubjectPublicKeyInfo, not PKCS#1; its fingerprint is of those bytes.
    static final String AWS_SAMPLE_SPKI =
            "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqlzPJbvZJ42UdcmLfPUqXYNfOs6I8lCfao/tOs8C"
                    + "mzPOEdtLWugB9xoIUz78qVHdKIqxbaG4jWHfJBiOSSFBM0lt8cdVo4TnRa7oG9io5pysS6DJhBBAeXsicufsiFJR+wrUNh8RSLxL4k6G1+Bh"
                    + "LX20tJkZ/erT97tDGBujAelqseGg3vPZbTx9SMfOLN65PdLFudLP7Gat0Z9p5jw/rjpclKfo9Bfc3heeBxWGKwBBOKnFAaN9V57pOaosCvPK"
                    + "mHd9bg7jsQkI9Xp22IzGLsTFJZYVA3KiTAElDMu80iFXPHEq9hKNbt9e4URFam+1utKVEiLkR2disdCmPTK0VQIDAQAB";
    // awscli examples/cloudtrail/list-public-keys.rst
    static final String AWSCLI_EXAMPLE =
            "MIIBCgKCAQEAlSS3cl92HDycr/MTj0moOhas8habjrraXw+KzlWF0axSI2tcF+3iJ9BKQAVSKxGwxwu3m0w"
                    + "G3J+kUl1xboEcEPHYoIYMbgfSw7KGnuDKwkLzsQWhUJ0cIbOHASox1vv/5fNXkrHhGbDCHeVXm804c83nvHUEFYThr1PfyP/8HwrCtR3FX5"
                    + "OANtQCP61C1nJtSSkC8JSQUOrIP4CuwJjc+4WGDk+BGH5m9iuiAKkipEHWmUl8/P7XpfpWQuk4h8g3pXZOrNXr08lbh4d39svj7UqdhvOXoB"
                    + "ISp9t/EXYuePGEtBdrKD9Dz+VHwyUPtBQvYr9BnkF88qBnaPNhS44rzwIDAQAB";

    @Test
    void fingerprintIsTheMd5OfThePublishedValueBytes() {
        assertThat(PublicKeys.fingerprint(base64(AWS_SAMPLE_1))).isEqualTo("8eba5db5bea9b640d1c96a77256fe7f2");
        assertThat(PublicKeys.fingerprint(base64(AWS_SAMPLE_2))).isEqualTo("8933b39ddc64d26d8e14ffbf6566fee4");
        assertThat(PublicKeys.fingerprint(base64(AWS_SAMPLE_SPKI))).isEqualTo("31e8b5433410dfb61a9dc45cc65b22ff");
        assertThat(PublicKeys.fingerprint(base64(AWSCLI_EXAMPLE))).isEqualTo("7f3f401420072e50a65a141430817ab3");
    }

    @Test
    void publishedPkcs1KeysSurviveARoundTripThroughJava() {
        for (String value : new String[] {AWS_SAMPLE_1, AWS_SAMPLE_2, AWSCLI_EXAMPLE}) {
            byte[] der = base64(value);
            RSAPublicKey key = PublicKeys.fromPkcs1Der(der);
            assertThat(key.getModulus().bitLength()).isEqualTo(2048);
            assertThat(PublicKeys.pkcs1Der(key)).isEqualTo(der).hasSize(270);
        }
    }

    @Test
    void subjectPublicKeyInfoIsUnwrappedToItsPkcs1Key() {
        byte[] spki = base64(AWS_SAMPLE_SPKI);

        byte[] pkcs1 = PublicKeys.pkcs1Der(spki);

        assertThat(pkcs1).hasSize(270).isEqualTo(Arrays.copyOfRange(spki, 24, spki.length));
        assertThat(Base64.getEncoder().encodeToString(pkcs1)).startsWith("MIIBCgKCAQEAqlzP");
        assertThat(HexFormat.of().formatHex(spki, 0, 24)).isEqualTo("30820122300d06092a864886f70d01010105000382010f00");
    }

    @Test
    void javaKeysBecomePkcs1OfAnySize() throws GeneralSecurityException {
        for (int bits : new int[] {1024, 2048, 3072}) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4));
            RSAPublicKey key = (RSAPublicKey) generator.generateKeyPair().getPublic();

            byte[] pkcs1 = PublicKeys.pkcs1Der(key);

            assertThat(PublicKeys.fromPkcs1Der(pkcs1)).isEqualTo(key);
            if (bits == 2048) {
                assertThat(pkcs1).hasSize(270);
                assertThat(Base64.getEncoder().encodeToString(pkcs1)).startsWith("MIIBCgKCAQEA");
            }
        }
    }

    @Test
    void nonRsaAndDamagedKeysAreRefused() throws GeneralSecurityException {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        byte[] ecSpki = ec.generateKeyPair().getPublic().getEncoded();
        assertThatThrownBy(() -> PublicKeys.pkcs1Der(ecSpki))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not rsaEncryption");

        byte[] spki = base64(AWS_SAMPLE_SPKI);
        assertThatThrownBy(() -> PublicKeys.pkcs1Der(Arrays.copyOf(spki, spki.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicKeys.pkcs1Der(Arrays.copyOf(spki, spki.length + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicKeys.pkcs1Der(base64(AWS_SAMPLE_1)))
                .as("PKCS#1 given where SPKI is expected")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicKeys.fromPkcs1Der(spki))
                .as("SPKI given where PKCS#1 is expected")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicKeys.fromPkcs1Der(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] base64(String value) {
        return Base64.getDecoder().decode(value);
    }
}
