package dev.cairn.trail.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The object keys of log files (spec 2.1) and digest files (spec 3.2), as validate-logs reads them. */
class ObjectKeysTest {

    /** The parsing regex of spec 2.1. */
    private static final Pattern LOG_KEY = Pattern.compile(
            "^(?:(.+)/)?AWSLogs/(?:(o-[a-z0-9]{10,32})/)?(\\d{12})/CloudTrail/([a-z0-9-]+)/(\\d{4})/(\\d{2})/(\\d{2})/"
                    + "\\3_CloudTrail_\\4_(\\d{8}T\\d{4}Z)_([A-Za-z0-9]{16})\\.json\\.gz$");

    @Test
    void logFileKeyFollowsTheCloudTrailLayout() {
        Instant deliveredAt = Instant.parse("2015-08-17T14:45:59.999Z");

        assertThat(LogFileKeys.logFileKey(null, "111122223333", "us-east-2", deliveredAt, "9nYN7gp2eWAJHIfT"))
                .isEqualTo("AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/"
                        + "111122223333_CloudTrail_us-east-2_20150817T1445Z_9nYN7gp2eWAJHIfT.json.gz");
        assertThat(LogFileKeys.logFileKey("", "111122223333", "us-east-2", deliveredAt, "9nYN7gp2eWAJHIfT"))
                .startsWith("AWSLogs/");
        String prefixed =
                LogFileKeys.logFileKey("team/audit", "111122223333", "us-east-2", deliveredAt, "9nYN7gp2eWAJHIfT");
        assertThat(prefixed)
                .isEqualTo("team/audit/AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/"
                        + "111122223333_CloudTrail_us-east-2_20150817T1445Z_9nYN7gp2eWAJHIfT.json.gz");
        Matcher m = LOG_KEY.matcher(prefixed);
        assertThat(m.matches()).isTrue();
        assertThat(m.group(1)).isEqualTo("team/audit");
        assertThat(m.group(8)).isEqualTo("20150817T1445Z");
    }

    @Test
    void logFileKeyDateIsTheUtcDeliveryDate() {
        String key = LogFileKeys.logFileKey(
                null, "111122223333", "ap-southeast-2", Instant.parse("2024-02-29T23:59:00Z"), "AAAAAAAAAAAAAAAA");

        assertThat(key).contains("/2024/02/29/").contains("_20240229T2359Z_");
    }

    @Test
    void uniquePartMustBeSixteenAlphanumerics() {
        Instant t = Instant.parse("2024-05-01T00:00:00Z");
        assertThatThrownBy(() -> LogFileKeys.logFileKey(null, "111122223333", "us-east-1", t, "short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'short'");
        assertThatThrownBy(() -> LogFileKeys.logFileKey(null, "111122223333", "us-east-1", t, "AAAAAAAAAAAAAAA_"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogFileKeys.logFileKey(null, "11112222333", "us-east-1", t, "AAAAAAAAAAAAAAAA"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12 digits");
        assertThatThrownBy(() -> LogFileKeys.logFileKey(null, "111122223333", "../x", t, "AAAAAAAAAAAAAAAA"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'../x'");
    }

    @Test
    void randomUniqueDrawsSixteenAlphanumericsFromTheGivenSource() {
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String unique = LogFileKeys.randomUnique(new SplittableRandom(i));
            assertThat(unique).matches("[A-Za-z0-9]{16}");
            unique.chars().forEach(c -> seen.add((char) c));
        }
        assertThat(seen).hasSize(62);
        assertThat(LogFileKeys.randomUnique(new SplittableRandom(42)))
                .isEqualTo(LogFileKeys.randomUnique(new SplittableRandom(42)));
    }

    @Test
    void digestKeyTimestampIsTheSixteenCharactersValidateLogsCutOut() {
        String key = DigestKeys.digestKey(
                "myprefix",
                "111122223333",
                "us-east-2",
                "your-trail-name",
                "us-east-1",
                Instant.parse("2015-08-17T15:01:31Z"));

        assertThat(key)
                .isEqualTo(
                        "myprefix/AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/"
                                + "111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-1_20150817T150131Z.json.gz");
        // validation.py extract_digest_key_date: key[-24:-8]
        assertThat(key.substring(key.length() - 24, key.length() - 8)).isEqualTo("20150817T150131Z");
        // validation.py _create_digest_key_regex, with re.escape'd names
        Pattern validateLogs = Pattern.compile("^" + Pattern.quote("myprefix")
                + "/AWSLogs/111122223333/CloudTrail\\-Digest/us\\-east\\-2/\\d+/\\d+/\\d+/111122223333_CloudTrail\\-Digest_"
                + "us\\-east\\-2_your\\-trail\\-name_us\\-east\\-1_.+(?:_backfill)?\\.json\\.gz$");
        assertThat(validateLogs.matcher(key).matches()).isTrue();
    }

    @Test
    void digestKeyRefusesFractionsOfASecondAndSlashedTrailNames() {
        assertThatThrownBy(() -> DigestKeys.digestKey(
                        null, "111122223333", "us-east-2", "t", "us-east-1", Instant.parse("2015-08-17T15:01:31.5Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fraction of a second");
        assertThatThrownBy(() -> DigestKeys.digestKey(
                        null, "111122223333", "us-east-2", "a/b", "us-east-1", Instant.parse("2015-08-17T15:01:31Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a/b'");
    }
}
