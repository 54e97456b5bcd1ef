package dev.cairn.server.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.bucket.ObjectStore;
import dev.cairn.s3.S3Endpoint;
import dev.cairn.testkit.bucket.InMemoryObjectStore;
import dev.cairn.time.Clock;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks the reading and the strict checking of bucket configuration files. */
class BucketConfigFileTest {
    private static final String ACCOUNT = "123456789012";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG#bPxRfiCYEXAMPLEKEY";

    @TempDir
    Path dir;

    @Test
    void aSectionPerBucketGivesItsEndpointRegionStyleAndCredentials() throws IOException {
        Path file = write(
                "# trail logs go to MinIO",
                "[bucket my-trail-logs]",
                "endpoint = http://127.0.0.1:9000",
                "region = us-east-1",
                "path_style = true",
                "access_key_id = cairn",
                "secret_access_key = " + SECRET,
                "",
                "; AWS itself, another account",
                "[bucket other-logs]",
                "region=eu-west-1",
                "access_key_id=AKIDEXAMPLE",
                "secret_access_key_env=OTHER_SECRET",
                "account_id=210987654321");

        List<ExternalBucket> buckets =
                BucketConfigFile.read(file, ACCOUNT, Map.of("OTHER_SECRET", "from-the-environment")::get);

        assertThat(buckets)
                .containsExactly(
                        new ExternalBucket(
                                "my-trail-logs",
                                new S3Endpoint(URI.create("http://127.0.0.1:9000"), "us-east-1", true, "cairn", SECRET),
                                ACCOUNT),
                        new ExternalBucket(
                                "other-logs",
                                new S3Endpoint(null, "eu-west-1", false, "AKIDEXAMPLE", "from-the-environment"),
                                "210987654321"));
    }

    @Test
    void pathStyleIsOnWithAnEndpointAndOffWithoutOneUnlessSet() throws IOException {
        Path file = write(
                "[bucket with-endpoint]",
                "endpoint = https://s3.example.com",
                "region = us-east-1",
                "access_key_id = a",
                "secret_access_key = s",
                "[bucket virtual-hosted]",
                "endpoint = https://s3.example.com/",
                "region = us-east-1",
                "path_style = FALSE",
                "access_key_id = a",
                "secret_access_key = s",
                "[bucket on-aws]",
                "region = us-east-1",
                "access_key_id = a",
                "secret_access_key = s");

        List<ExternalBucket> buckets = BucketConfigFile.read(file, ACCOUNT, name -> null);

        assertThat(buckets).extracting(b -> b.endpoint().pathStyle()).containsExactly(true, false, false);
    }

    @Test
    void aFileWithoutSectionsMapsNoBucket() throws IOException {
        assertThat(BucketConfigFile.read(write("# nothing mapped yet", ""), ACCOUNT, name -> null))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            [bucket Bad_Name]                    | 1 | bucket name 'Bad_Name' may contain only lowercase letters
            [bucket ok-name                      | 1 | must end with ']'
            [logs ok-name]                       | 1 | section [logs ok-name] must be [bucket NAME]
            region = us-east-1                   | 1 | region must come after a section header
            [bucket ok-name]\\nregion us-east-1   | 2 | this line is not understood
            [bucket ok-name]\\nregoin = us-east-1 | 2 | unknown key 'regoin'; the keys are endpoint, region, path_style
            [bucket ok-name]\\nregion =           | 2 | region has no value
            [bucket ok-name]\\nregion = a\\nregion = b | 3 | region is already set for bucket ok-name at line 2
            [bucket ok-name]\\n[bucket ok-name]   | 2 | bucket ok-name is already configured at line 1
            [bucket ok-name]\\naccess_key_id = a\\nsecret_access_key = s | 1 | bucket ok-name has no region
            [bucket ok-name]\\nregion = US_EAST | 2 | region 'US_EAST' must be lowercase letters and digits
            [bucket ok-name]\\nregion = r\\npath_style = yes | 3 | path_style 'yes' must be true or false
            [bucket ok-name]\\nregion = r\\nsecret_access_key = s | 1 | bucket ok-name has no access_key_id
            [bucket ok-name]\\nregion = r\\naccess_key_id = a b\\nsecret_access_key = s | 3 | access_key_id 'a b' must not contain spaces
            [bucket ok-name]\\nregion = r\\naccess_key_id = a | 1 | bucket ok-name has no secret_access_key or secret_access_key_env
            [bucket ok-name]\\nregion = r\\naccess_key_id = a\\nsecret_access_key = s\\nsecret_access_key_env = E | 5 | set secret_access_key or secret_access_key_env for bucket ok-name, not both
            [bucket ok-name]\\nregion = r\\naccess_key_id = a\\nsecret_access_key_env = 1BAD | 4 | secret_access_key_env '1BAD' must be the name of an environment variable
            [bucket ok-name]\\nregion = r\\naccess_key_id = a\\nsecret_access_key_env = UNSET_SECRET | 4 | the environment variable UNSET_SECRET, which is not set or is empty
            [bucket ok-name]\\nregion = r\\naccess_key_id = a\\nsecret_access_key = s\\naccount_id = 1234 | 5 | account_id '1234' must be exactly 12 digits
            [bucket ok-name]\\nendpoint = ftp://host\\nregion = r | 2 | endpoint 'ftp://host' must start with http:// or https://
            [bucket ok-name]\\nendpoint = 127.0.0.1:9000\\nregion = r | 2 | endpoint '127.0.0.1:9000' must start with http:// or https://
            [bucket ok-name]\\nendpoint = http://\\nregion = r | 2 | endpoint 'http://' is not a URL
            [bucket ok-name]\\nendpoint = http://host:9000/s3\\nregion = r | 2 | endpoint 'http://host:9000/s3' must be only scheme, host and port
            [bucket ok-name]\\nendpoint = http://host:9000?x=1\\nregion = r | 2 | endpoint 'http://host:9000?x=1' must be only scheme, host and port
            """)
    void aBrokenRuleIsRefusedNamingTheFileTheLineTheValueAndTheRule(String text, int line, String rule)
            throws IOException {
        Path file = write(text.split("\\\\n"));

        BucketConfigException e = refused(file, Map.of());

        assertThat(e.getMessage()).startsWith(file + ":" + line + ": ").contains(rule);
        assertThat(e.file()).isEqualTo(file);
        assertThat(e.line()).isEqualTo(line);
    }

    @Test
    void noMessageShowsASecret() throws IOException {
        String secret = "wJalrXUtnFEMI=K7MDENGbPxRfiCYEXAMPLEKEY";
        List<String[]> files = List.of(
                new String[] {"[bucket ok-name]", secret},
                new String[] {
                    "[bucket ok-name]",
                    "region = r",
                    "access_key_id = a",
                    "secret_access_key = " + secret,
                    "secret_access_key = " + secret
                },
                new String[] {
                    "[bucket ok-name]",
                    "region = r",
                    "access_key_id = a",
                    "secret_access_key = " + secret,
                    "secret_access_key_env = E"
                },
                new String[] {"[bucket ok-name]", "endpoint = http://key:" + secret + "@127.0.0.1:9000"},
                new String[] {"[bucket ok-name]", "region = r", "access_key_id = a", "secret_access_key_env = E"});

        for (String[] lines : files) {
            BucketConfigException e = refused(write(lines), Map.of("E", ""));

            assertThat(e.getMessage())
                    .doesNotContain(secret)
                    .doesNotContain("wJalrXUtnFEMI")
                    .doesNotContain("K7MDENG");
        }
    }

    @Test
    void aMissingFileIsRefusedNamingIt() {
        Path missing = dir.resolve("no-such.ini");

        BucketConfigException e = refused(missing, Map.of());

        assertThat(e.getMessage()).isEqualTo(missing + ": the bucket configuration file does not exist");
    }

    @Test
    void withoutAFileNoBucketIsExternalAndTheFolderStoreIsServedItself() {
        List<ExternalBucket> none = ExternalBuckets.read(null, ACCOUNT, name -> null);

        try (ObjectStore folder = new InMemoryObjectStore(Clock.system())) {
            assertThat(none).isEmpty();
            assertThat(ExternalBuckets.route(folder, none)).isSameAs(folder);
        }
    }

    @Test
    void routingWithAFileSendsItsBucketsToTheirEndpointsAndOthersToTheFolder() throws IOException {
        Path file = write(
                "[bucket on-minio]",
                "endpoint = http://127.0.0.1:9",
                "region = us-east-1",
                "access_key_id = a",
                "secret_access_key_env = MINIO_SECRET",
                "[bucket also-on-minio]",
                "endpoint = http://127.0.0.1:9",
                "region = us-east-1",
                "access_key_id = a",
                "secret_access_key_env = MINIO_SECRET");
        List<ExternalBucket> buckets = ExternalBuckets.read(file, ACCOUNT, Map.of("MINIO_SECRET", "minio-secret")::get);
        try (ObjectStore folder = new InMemoryObjectStore(Clock.system());
                ObjectStore store = ExternalBuckets.route(folder, buckets)) {
            RoutedObjectStore routed = (RoutedObjectStore) store;

            assertThat(routed.routes())
                    .extracting(RoutedObjectStore.Route::bucket)
                    .containsExactly("on-minio", "also-on-minio");
            assertThat(routed.routes().get(0).store())
                    .as("one client per endpoint, credentials and account")
                    .isSameAs(routed.routes().get(1).store());
            assertThat(routed.routes().get(0).store().toString())
                    .contains("http://127.0.0.1:9")
                    .doesNotContain("minio-secret");
            routed.createBucket("in-the-folder", ACCOUNT, "us-east-1");
            assertThat(folder.bucket("in-the-folder")).isPresent();
        }
    }

    private BucketConfigException refused(Path file, Map<String, String> environment) {
        BucketConfigException e = catchThrowableOfType(
                BucketConfigException.class, () -> BucketConfigFile.read(file, ACCOUNT, environment::get));
        assertThat(e).as("the file is refused").isNotNull();
        return e;
    }

    private Path write(String... lines) throws IOException {
        Path file = Files.createTempFile(dir, "buckets", ".ini");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }
}
