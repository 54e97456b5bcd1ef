package dev.cairn.server.bucket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.cairn.bucket.BucketNames;
import dev.cairn.bucket.ObjectStoreException;
import dev.cairn.s3.S3Endpoint;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bucket configuration file: the buckets that live on external S3-compatible endpoints, and how to reach
 * them. It is an INI file with one section per bucket:
 *
 * <pre>
 * # trail logs go to MinIO
 * [bucket my-trail-logs]
 * endpoint = http://127.0.0.1:9000
 * region = us-east-1
 * path_style = true
 * access_key_id = cairn
 * secret_access_key_env = MINIO_SECRET_KEY
 * </pre>
 *
 * <p>Keys: {@code endpoint} (an http or https URL without path, query or credentials; leave it out for AWS
 * S3 itself), {@code region} (required), {@code path_style} ({@code true} or {@code false}; {@code true}
 * when an endpoint is given, else {@code false}), {@code access_key_id} (required), exactly one of {@code
 * secret_access_key} and {@code secret_access_key_env} (the name of an environment variable that holds the
 * secret), and {@code account_id} (the Cairn account the bucket belongs to; the server's account by
 * default). Every other line is blank or a whole-line comment starting with {@code #} or {@code ;}: a value
 * runs to the end of its line, so a secret may contain {@code #}.
 *
 * <p>The file is checked whole before the server starts: anything else is a {@link BucketConfigException}
 * naming the file, the line, the bad value and the rule. No message shows a secret, nor a line that is not
 * understood (it may be a secret pasted on its own).
 */
public final class BucketConfigFile {
    private static final Logger log = LoggerFactory.getLogger(BucketConfigFile.class);

    private static final String ENDPOINT = "endpoint";
    private static final String REGION = "region";
    private static final String PATH_STYLE = "path_style";
    private static final String ACCESS_KEY_ID = "access_key_id";
    private static final String SECRET_ACCESS_KEY = "secret_access_key";
    private static final String SECRET_ACCESS_KEY_ENV = "secret_access_key_env";
    private static final String ACCOUNT_ID = "account_id";
    private static final List<String> KEYS =
            List.of(ENDPOINT, REGION, PATH_STYLE, ACCESS_KEY_ID, SECRET_ACCESS_KEY, SECRET_ACCESS_KEY_ENV, ACCOUNT_ID);

    private static final Pattern SECTION = Pattern.compile("bucket\\s+(\\S+)");
    /** Keys shaped like these are shown in messages; anything else may be a secret pasted on its own line. */
    private static final Pattern PRINTABLE_KEY = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private static final Pattern REGION_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    private BucketConfigFile() {}

    /** One {@code key = value} line. */
    private record Setting(String value, int line) {}

    /** One {@code [bucket NAME]} section and its settings. */
    private record Section(String bucket, int line, Map<String, Setting> settings) {}

    /**
     * Reads and checks {@code file}.
     *
     * @param defaultAccountId the account of buckets that name none
     * @param environment looks up environment variables, for {@code secret_access_key_env}
     * @return the buckets, in the file's order
     * @throws BucketConfigException when the file cannot be read or breaks a rule
     */
    public static List<ExternalBucket> read(
            Path file, String defaultAccountId, Function<String, @Nullable String> environment) {
        requireNonNull(file, "file is null");
        requireNonNull(defaultAccountId, "defaultAccountId is null");
        requireNonNull(environment, "environment is null");
        List<Section> sections = parse(file, lines(file));
        List<ExternalBucket> buckets = new ArrayList<>();
        boolean inlineSecret = false;
        for (Section section : sections) {
            buckets.add(bucket(file, section, defaultAccountId, environment));
            inlineSecret |= section.settings().containsKey(SECRET_ACCESS_KEY);
        }
        if (inlineSecret) {
            warnIfOthersCanRead(file);
        }
        return List.copyOf(buckets);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, UTF_8);
        } catch (NoSuchFileException e) {
            throw new BucketConfigException(file, 0, "the bucket configuration file does not exist", e);
        } catch (MalformedInputException e) {
            throw new BucketConfigException(file, 0, "the bucket configuration file must be UTF-8 text", e);
        } catch (IOException e) {
            throw new BucketConfigException(file, 0, "cannot read the bucket configuration file: " + e, e);
        }
    }

    private static List<Section> parse(Path file, List<String> lines) {
        List<Section> sections = new ArrayList<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        Section current = null;
        for (int i = 0; i < lines.size(); i++) {
            int n = i + 1;
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new BucketConfigException(
                            file, n, "a section header must end with ']', as in [bucket my-trail-logs]");
                }
                String inner = line.substring(1, line.length() - 1).strip();
                Matcher m = SECTION.matcher(inner);
                if (!m.matches()) {
                    throw new BucketConfigException(
                            file, n, "section [" + inner + "] must be [bucket NAME], as in [bucket my-trail-logs]");
                }
                String bucket = m.group(1);
                try {
                    BucketNames.check(bucket);
                } catch (ObjectStoreException e) {
                    throw new BucketConfigException(file, n, e.getMessage(), e);
                }
                Integer earlier = firstLine.putIfAbsent(bucket, n);
                if (earlier != null) {
                    throw new BucketConfigException(
                            file, n, "bucket " + bucket + " is already configured at line " + earlier);
                }
                current = new Section(bucket, n, new LinkedHashMap<>());
                sections.add(current);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new BucketConfigException(
                        file,
                        n,
                        "this line is not understood (not shown: it may hold a secret); a line must be a section"
                                + " such as [bucket my-trail-logs], a setting such as region = us-east-1, or a"
                                + " comment starting with #");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!KEYS.contains(key)) {
                String shown = PRINTABLE_KEY.matcher(key).matches() ? "'" + key + "'" : "(not shown)";
                throw new BucketConfigException(
                        file, n, "unknown key " + shown + "; the keys are " + String.join(", ", KEYS));
            }
            if (current == null) {
                throw new BucketConfigException(
                        file, n, key + " must come after a section header such as [bucket my-trail-logs]");
            }
            Setting earlier = current.settings().get(key);
            if (earlier != null) {
                throw new BucketConfigException(
                        file, n, key + " is already set for bucket " + current.bucket() + " at line " + earlier.line());
            }
            if (value.isEmpty()) {
                throw new BucketConfigException(file, n, key + " has no value");
            }
            current.settings().put(key, new Setting(value, n));
        }
        return sections;
    }

    private static ExternalBucket bucket(
            Path file, Section section, String defaultAccountId, Function<String, @Nullable String> environment) {
        Map<String, Setting> s = section.settings();
        String bucket = section.bucket();

        URI url = null;
        Setting endpoint = s.get(ENDPOINT);
        if (endpoint != null) {
            url = endpoint(file, endpoint);
        }

        Setting region = s.get(REGION);
        if (region == null) {
            throw new BucketConfigException(
                    file,
                    section.line(),
                    "bucket " + bucket + " has no region; add one such as region = us-east-1 (the endpoint's"
                            + " region; MinIO and s3proxy accept us-east-1)");
        }
        if (!REGION_NAME.matcher(region.value()).matches()) {
            throw new BucketConfigException(
                    file,
                    region.line(),
                    "region '" + region.value() + "' must be lowercase letters and digits in words joined by"
                            + " single hyphens, such as us-east-1");
        }

        boolean pathStyle = url != null;
        Setting style = s.get(PATH_STYLE);
        if (style != null) {
            switch (style.value().toLowerCase(Locale.ROOT)) {
                case "true" -> pathStyle = true;
                case "false" -> pathStyle = false;
                default ->
                    throw new BucketConfigException(
                            file, style.line(), "path_style '" + style.value() + "' must be true or false");
            }
        }

        Setting keyId = s.get(ACCESS_KEY_ID);
        if (keyId == null) {
            throw new BucketConfigException(file, section.line(), "bucket " + bucket + " has no access_key_id");
        }
        if (keyId.value().chars().anyMatch(Character::isWhitespace)) {
            throw new BucketConfigException(
                    file, keyId.line(), "access_key_id '" + keyId.value() + "' must not contain spaces");
        }

        String secret = secret(file, section, environment);

        String accountId = defaultAccountId;
        Setting account = s.get(ACCOUNT_ID);
        if (account != null) {
            if (!ACCOUNT.matcher(account.value()).matches()) {
                throw new BucketConfigException(
                        file, account.line(), "account_id '" + account.value() + "' must be exactly 12 digits");
            }
            accountId = account.value();
        }

        S3Endpoint s3;
        try {
            s3 = new S3Endpoint(url, region.value(), pathStyle, keyId.value(), secret);
        } catch (IllegalArgumentException e) {
            throw new BucketConfigException(file, section.line(), "bucket " + bucket + ": " + e.getMessage(), e);
        }
        return new ExternalBucket(bucket, s3, accountId);
    }

    private static URI endpoint(Path file, Setting endpoint) {
        String text = endpoint.value();
        if (text.contains("@")) {
            // Not shown: the part before @ would be credentials.
            throw new BucketConfigException(
                    file,
                    endpoint.line(),
                    "endpoint must not carry credentials (user@host); give them as access_key_id and"
                            + " secret_access_key");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new BucketConfigException(
                    file,
                    endpoint.line(),
                    "endpoint '" + text + "' must start with http:// or https://, as in http://127.0.0.1:9000");
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new BucketConfigException(
                    file, endpoint.line(), "endpoint '" + text + "' is not a URL: " + e.getReason(), e);
        }
        if (url.getHost() == null) {
            throw new BucketConfigException(
                    file, endpoint.line(), "endpoint '" + text + "' must name a host, as in http://127.0.0.1:9000");
        }
        String path = url.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/"))
                || url.getRawQuery() != null
                || url.getRawFragment() != null) {
            throw new BucketConfigException(
                    file,
                    endpoint.line(),
                    "endpoint '" + text + "' must be only scheme, host and port, without a path, query or"
                            + " fragment (the bucket is the section's name)");
        }
        return url;
    }

    private static String secret(Path file, Section section, Function<String, @Nullable String> environment) {
        Setting inline = section.settings().get(SECRET_ACCESS_KEY);
        Setting fromEnv = section.settings().get(SECRET_ACCESS_KEY_ENV);
        if (inline != null && fromEnv != null) {
            throw new BucketConfigException(
                    file,
                    Math.max(inline.line(), fromEnv.line()),
                    "set secret_access_key or secret_access_key_env for bucket " + section.bucket() + ", not both");
        }
        if (inline != null) {
            return inline.value();
        }
        if (fromEnv == null) {
            throw new BucketConfigException(
                    file,
                    section.line(),
                    "bucket " + section.bucket() + " has no secret_access_key or secret_access_key_env");
        }
        String name = fromEnv.value();
        if (!ENV_NAME.matcher(name).matches()) {
            throw new BucketConfigException(
                    file,
                    fromEnv.line(),
                    "secret_access_key_env '" + name + "' must be the name of an environment variable (letters,"
                            + " digits and _, not starting with a digit)");
        }
        String secret = environment.apply(name);
        if (secret == null || secret.isBlank()) {
            throw new BucketConfigException(
                    file,
                    fromEnv.line(),
                    "secret_access_key_env names the environment variable " + name + ", which is not set or is"
                            + " empty");
        }
        return secret.strip();
    }

    /** Warns when a file that holds a secret can be read by others than its owner. */
    private static void warnIfOthersCanRead(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            log.warn(
                    "{} holds a secret_access_key and can be read by others than its owner; chmod 600 it, or use"
                            + " secret_access_key_env",
                    file);
        }
    }
}
