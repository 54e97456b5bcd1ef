package dev.cairn.trail.digest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.signing.PublicKeyInfo;
import dev.cairn.trail.keys.FileSigningKeyStore;
import dev.cairn.trail.keys.PublicKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivered digests pass the checks validate-logs makes (spec 3.7, steps 8.1 to 8.8), redone in Java by
 * {@link ValidateLogsReplica}; and each kind of tampering is caught, which shows the replica can fail.
 */
class ValidateLogsStepsTest {

    private static final Instant FROM = Instant.parse("2024-05-01T09:00:00Z");
    private static final Instant TO = Instant.parse("2024-05-01T12:30:00Z");

    @TempDir
    Path keyDirectory;

    private FileSigningKeyStore keys;
    private TestChain chain;

    @BeforeEach
    void deliver() {
        keys = FileSigningKeyStore.open(keyDirectory);
        chain = TestChain.deliver(keys);
    }

    private List<PublicKeyInfo> listPublicKeys() {
        return keys.publicKeys(TestChain.REGION, FROM, TO.plus(Duration.ofHours(2)));
    }

    @Test
    void deliveredChainIsValid() {
        ValidateLogsReplica.Result result = ValidateLogsReplica.run(chain, listPublicKeys(), FROM, TO);

        assertThat(result.invalid()).isEmpty();
        assertThat(result.validDigests()).isEqualTo(3);
        assertThat(result.validLogs()).isEqualTo(2);
    }

    @Test
    void tamperedLogFileIsCaught() {
        LogFileEntry log = chain.logFiles.get(0);
        chain.put(new TestChain.StoredObject(
                log.bucket(), log.key(), TestChain.gzip("{\"Records\":[]}".getBytes(UTF_8)), Map.of()));

        ValidateLogsReplica.Result result = ValidateLogsReplica.run(chain, listPublicKeys(), FROM, TO);

        assertThat(result.invalid())
                .containsExactly(
                        "Log file\ts3://" + log.bucket() + "/" + log.key() + "\tINVALID: hash value doesn't match");
        assertThat(result.validLogs()).isEqualTo(1);
    }

    @Test
    void deletedLogFileIsReportedNotFound() {
        LogFileEntry log = chain.logFiles.get(1);
        chain.remove(log.bucket(), log.key());

        assertThat(ValidateLogsReplica.run(chain, listPublicKeys(), FROM, TO).invalid())
                .containsExactly("Log file\ts3://" + log.bucket() + "/" + log.key() + "\tINVALID: not found");
    }

    @Test
    void tamperedDigestBodyFailsItsSignature() {
        SignedDigest middle = chain.digests.get(1);
        byte[] forged = new String(middle.json(), UTF_8)
                .replace(chain.logFiles.get(0).sha256Hex(), "0".repeat(64))
                .getBytes(UTF_8);
        chain.put(new TestChain.StoredObject(middle.bucket(), middle.key(), TestChain.gzip(forged), middle.metadata()));

        ValidateLogsReplica.Result result = ValidateLogsReplica.run(chain, listPublicKeys(), FROM, TO);

        assertThat(result.invalid())
                .containsExactly("Digest file\ts3://" + middle.bucket() + "/" + middle.key()
                        + "\tINVALID: signature verification failed");
        assertThat(result.validDigests()).isEqualTo(2);
    }

    @Test
    void digestCopiedToAnotherKeyHasMoved() {
        SignedDigest last = chain.digests.get(2);
        String moved = last.key().replace("120131Z", "120132Z");
        chain.put(new TestChain.StoredObject(last.bucket(), moved, last.gzip(), last.metadata()));

        assertThat(ValidateLogsReplica.run(chain, listPublicKeys(), FROM, TO).invalid())
                .containsExactly("Digest file\ts3://" + last.bucket() + "/" + moved
                        + "\tINVALID: has been moved from its original location");
    }

    @Test
    void digestWithoutSignatureMetadataFails() {
        SignedDigest first = chain.digests.get(0);
        chain.put(new TestChain.StoredObject(first.bucket(), first.key(), first.gzip(), Map.of()));

        assertThat(ValidateLogsReplica.run(chain, listPublicKeys(), FROM, TO).invalid())
                .containsExactly("Digest file\ts3://" + first.bucket() + "/" + first.key()
                        + "\tINVALID: signature verification failed");
    }

    @Test
    void keyMissingFromListPublicKeysIsReported() {
        SignedDigest last = chain.digests.get(2);
        PublicKeyInfo other = new PublicKeyInfo(new byte[] {0x30, 0x00}, FROM, TO, "0".repeat(32));

        assertThat(ValidateLogsReplica.run(chain, List.of(other), FROM, TO).invalid())
                .first()
                .isEqualTo("Digest file\ts3://" + last.bucket() + "/" + last.key()
                        + "\tINVALID: public key not found in region us-east-1 for fingerprint "
                        + keys.current(TestChain.REGION, TO).publicKey().fingerprint());
    }

    @Test
    void subjectPublicKeyInfoInsteadOfPkcs1CannotBeLoaded() {
        PublicKeyInfo real = listPublicKeys().get(0);
        byte[] spki = PublicKeys.fromPkcs1Der(real.pkcs1Der()).getEncoded(); // X.509, as Java encodes it
        PublicKeyInfo wrapped = new PublicKeyInfo(spki, real.validityStart(), real.validityEnd(), real.fingerprint());

        assertThat(ValidateLogsReplica.run(chain, List.of(wrapped), FROM, TO).invalid())
                .hasSize(3)
                .allMatch(line ->
                        line.endsWith("INVALID: Unable to load PKCS #1 key with fingerprint " + real.fingerprint()));
    }

    @Test
    void aSecondGzipMemberIsIgnoredLikeZlibDoes() {
        // Why digests and log files must be one member: validate-logs hashes only the first.
        byte[] one = TestChain.gzip("{\"a\":1}".getBytes(UTF_8));
        byte[] two = TestChain.gzip("{\"b\":2}".getBytes(UTF_8));
        byte[] both = new byte[one.length + two.length];
        System.arraycopy(one, 0, both, 0, one.length);
        System.arraycopy(two, 0, both, one.length, two.length);

        assertThat(new String(ValidateLogsReplica.gunzipFirstMember(both), UTF_8))
                .isEqualTo("{\"a\":1}");
    }
}
