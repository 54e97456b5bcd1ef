package dev.cairn.cli.validate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.cairn.bucket.ObjectStore;
import dev.cairn.bucket.folder.FolderObjectStore;
import dev.cairn.cli.aws.CredentialSource;
import dev.cairn.cli.aws.CredentialsException;
import dev.cairn.cli.aws.CredentialsException.Problem;
import dev.cairn.protocol.sigv4.SigningCredentials;
import dev.cairn.s3.S3Endpoint;
import dev.cairn.s3.S3ObjectStore;
import dev.cairn.time.Clock;
import dev.cairn.trail.keys.FileSigningKeyStore;
import dev.cairn.trail.validation.CloudTrailDates;
import dev.cairn.trail.validation.DigestGap;
import dev.cairn.trail.validation.DigestResult;
import dev.cairn.trail.validation.LogFileResult;
import dev.cairn.trail.validation.LogValidator;
import dev.cairn.trail.validation.PublicKeySource;
import dev.cairn.trail.validation.ValidateLogsOutput;
import dev.cairn.trail.validation.ValidationException;
import dev.cairn.trail.validation.ValidationListener;
import dev.cairn.trail.validation.ValidationReport;
import dev.cairn.trail.validation.ValidationRequest;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn validate-logs}: the checks of {@code aws cloudtrail validate-logs}, with its arguments, output
 * and exit codes (0 all valid, 1 something invalid, 255 the run could not finish), plus two it lacks: log
 * files that no digest lists, and a {@code previousDigestHashValue} that does not match the previous digest.
 *
 * <p>It reads either the data directory (buckets under {@code <data>/buckets}, public keys under {@code
 * <data>/keys/signing}) of a server that is not running, or a running server through its S3 and CloudTrail
 * APIs with {@code --endpoint}. A progress line is drawn on standard error when it is a terminal.
 */
@Command(
        name = "validate-logs",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Validate a trail's log files and digest files, as 'aws cloudtrail validate-logs' does, and also find"
                    + " log files that no digest lists and digests whose previousDigestHashValue is wrong.",
            "",
            "Reads the data directory of a stopped server (--data, CAIRN_DATA, or ./cairn-data), or a running"
                    + " server with --endpoint URL (S3 and CloudTrail APIs, signed with AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY or the 'cairn' profile of <data>/credentials).",
            "",
            "Exit codes: 0 all valid, 1 a digest or log file is INVALID, 255 the validation could not run."
        })
public final class ValidateLogsCommand implements Callable<Integer> {

    /** Where the server keeps the public halves of its digest signing keys, under the data directory. */
    static final String SIGNING_KEYS = "keys/signing";

    /** Where the server keeps its buckets, under the data directory. */
    static final String BUCKETS = "buckets";

    private static final Pattern TRAIL_ARN = Pattern.compile("arn:.+:cloudtrail:.+:\\d{12}:trail/.+");
    private static final int FAILED = 255;

    /** What the command takes from the process it runs in; tests give their own. */
    record Context(
            Map<String, String> env, Clock clock, PrintStream out, PrintStream err, boolean terminal, ApiFactory api) {

        /** Makes the CloudTrail client of an endpoint. */
        interface ApiFactory {
            CloudTrailApi create(URI endpoint, SigningCredentials credentials);
        }

        Context {
            env = Map.copyOf(requireNonNull(env, "env is null"));
            requireNonNull(clock, "clock is null");
            requireNonNull(out, "out is null");
            requireNonNull(err, "err is null");
            requireNonNull(api, "api is null");
        }

        static Context system() {
            Clock clock = Clock.system();
            return new Context(
                    System.getenv(),
                    clock,
                    new PrintStream(System.out, false, UTF_8),
                    new PrintStream(System.err, true, UTF_8),
                    stderrIsTerminal(),
                    (endpoint, credentials) -> CloudTrailApi.http(endpoint, credentials, clock, userAgent()));
        }
    }

    @Option(names = "--trail-arn", required = true, paramLabel = "ARN", description = "The trail to validate.")
    String trailArn = "";

    @Option(
            names = "--start-time",
            required = true,
            paramLabel = "TIME",
            description = "Validate log files delivered at or after this UTC time, such as 2026-01-08T05:21:42Z.")
    String startTime = "";

    @Option(
            names = "--end-time",
            paramLabel = "TIME",
            description = "Validate log files delivered at or before this UTC time (default: now).")
    @Nullable
    String endTime;

    @Option(
            names = "--s3-bucket",
            paramLabel = "BUCKET",
            description = "The bucket the digests are in; without it DescribeTrails is asked (needs --endpoint).")
    @Nullable
    String s3Bucket;

    @Option(names = "--s3-prefix", paramLabel = "PREFIX", description = "The key prefix of the digests, if any.")
    @Nullable
    String s3Prefix;

    @Option(
            names = "--account-id",
            paramLabel = "ACCOUNT",
            description = "The account whose files to validate (default: the trail's, from its ARN).")
    @Nullable
    String accountId;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            description = "The region whose log files to validate (default: the trail's home region, from its ARN).")
    @Nullable
    String region;

    @Option(names = "--verbose", description = "Print valid digest and log files too.")
    boolean verbose;

    @Option(names = "--no-progress", description = "Draw no progress line, even on a terminal.")
    boolean noProgress;

    @Option(
            names = "--local",
            description = "Read the data directory even though --endpoint is given (it is then only asked for"
                    + " the trail's bucket).")
    boolean local;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "The server's data directory (env CAIRN_DATA; default cairn-data). Giving it reads the"
                    + " files there; the server must be stopped, since it locks its buckets.")
    @Nullable
    Path data;

    @Option(
            names = {"--endpoint", "--endpoint-url"},
            paramLabel = "URL",
            description = "A running Cairn, such as http://127.0.0.1:4566: read through its S3 and CloudTrail APIs.")
    @Nullable
    String endpoint;

    @Option(
            names = "--s3-endpoint",
            paramLabel = "URL",
            description = "Where to read the buckets, when not at --endpoint (path-style S3).")
    @Nullable
    String s3Endpoint;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "Sign with this profile of <data>/credentials, even when AWS_ACCESS_KEY_ID is set.")
    @Nullable
    String profile;

    private final Context context;

    /** The command as the {@code cairn} binary runs it. */
    public ValidateLogsCommand() {
        this(Context.system());
    }

    ValidateLogsCommand(Context context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        ValidateLogsOutput output = null;
        ProgressBar progress = null;
        try {
            Instant start = time(startTime);
            Instant end = endTime == null ? context.clock().now() : time(endTime);
            if (start.isAfter(end)) {
                throw new ValidationException("Invalid time range specified: start-time must occur before end-time");
            }
            if (!TRAIL_ARN.matcher(trailArn).lookingAt()) {
                throw new ValidationException("Invalid trail ARN provided: " + trailArn);
            }
            String[] fields = trailArn.split(":", -1);
            String homeRegion = fields[3];
            String trailName = trailArn.substring(trailArn.lastIndexOf('/') + 1);
            String account = accountId != null && !accountId.isEmpty() ? accountId : fields[4];
            String sourceRegion = region != null && !region.isEmpty() ? region : homeRegion;
            Path dataDirectory = dataDirectory();
            @Nullable URI api = endpoint == null ? null : uri("--endpoint", endpoint);
            boolean readFiles = local || data != null || api == null;

            String bucket = s3Bucket;
            String prefix = s3Prefix;
            // Credentials are needed to call the server: for DescribeTrails, or to read through its APIs.
            @Nullable
            SigningCredentials credentials =
                    api == null || (bucket != null && readFiles) ? null : credentials(dataDirectory);
            @Nullable
            CloudTrailApi cloudTrail =
                    api == null || credentials == null ? null : context.api().create(api, credentials);
            if (bucket == null) {
                if (cloudTrail == null) {
                    throw new ValidationException("The trail's bucket is unknown: give --s3-bucket (and --s3-prefix)"
                            + " to read it from the data directory, or --endpoint URL to ask the server with"
                            + " DescribeTrails");
                }
                CloudTrailApi.TrailInfo trail = cloudTrail
                        .describeTrail(homeRegion, trailArn)
                        .orElseThrow(() -> new ValidationException("A trail could not be found for " + trailArn));
                if (trail.organization()) {
                    throw new ValidationException("Trail " + trailArn + " is an organization trail, which Cairn"
                            + " does not deliver yet; there is nothing to validate");
                }
                bucket = trail.bucket();
                prefix = trail.prefix();
            }
            ValidationRequest request =
                    new ValidationRequest(bucket, prefix, account, trailName, homeRegion, sourceRegion, start, end);

            try (ObjectStore store = readFiles
                    ? folderStore(dataDirectory)
                    : s3Store(api, s3Endpoint, homeRegion, account, credentials)) {
                PublicKeySource keys = readFiles || cloudTrail == null
                        ? fileKeys(dataDirectory.resolve(SIGNING_KEYS))
                        : cloudTrail::listPublicKeys;
                if (context.terminal() && !noProgress) {
                    progress = new ProgressBar(context.err(), context.clock());
                }
                output = new ValidateLogsOutput(
                        context.out(),
                        context.err(),
                        verbose,
                        progress == null ? ValidateLogsOutput.Overlay.NONE : progress);
                output.started(trailArn, start, end);
                ValidationReport report = new LogValidator(store, keys).validate(request, both(progress, output));
                if (progress != null) {
                    progress.finish();
                }
                output.finished(report, start, end);
                return report.exitCode();
            }
        } catch (RuntimeException e) {
            // As the aws CLI does with any error: print it and exit with 255.
            if (progress != null) {
                progress.finish();
            }
            String message = e instanceof ValidationException ? String.valueOf(e.getMessage()) : e.toString();
            if (output != null) {
                output.failed(message);
            } else {
                context.out().flush();
                context.err().print("\n" + message + "\n");
                context.err().flush();
            }
            return FAILED;
        }
    }

    private Path dataDirectory() {
        if (data != null) {
            return data;
        }
        String env = context.env().get("CAIRN_DATA");
        return Path.of(env == null || env.isBlank() ? "cairn-data" : env);
    }

    /**
     * Returns the key to sign with, found as {@link CredentialSource} says, with the aws CLI's "Unable to locate
     * credentials" before what is missing. Unlike the {@code events} commands (and the aws CLI), validate-logs
     * has always passed over half a key in the environment and used the profile; it still does.
     */
    private SigningCredentials credentials(Path dataDirectory) {
        try {
            try {
                return CredentialSource.resolve(context.env(), dataDirectory, profile);
            } catch (CredentialsException e) {
                if (e.problem() != Problem.HALF_A_KEY_IN_THE_ENVIRONMENT) {
                    throw e;
                }
                return CredentialSource.resolve(Map.of(), dataDirectory, null); // as if neither were set
            }
        } catch (CredentialsException e) {
            String missing = e.problem() != Problem.NO_FILE
                    ? e.getMessage()
                    : e.file() + " does not exist"
                            + (profile == null ? " and AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set" : "")
                            + "; point --data (or CAIRN_DATA) at the server's data directory, or set them";
            throw new ValidationException("Unable to locate credentials: " + missing);
        }
    }

    private static Instant time(String text) {
        try {
            return CloudTrailDates.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(String.valueOf(e.getMessage()), e);
        }
    }

    private static URI uri(String option, String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new ValidationException(option + " '" + text + "' is not a URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new ValidationException(option + " '" + text
                    + "' must be an http:// or https:// URL with a host, such as http://127.0.0.1:4566");
        }
        return uri;
    }

    /** Opens the buckets of a stopped server's data directory. */
    private static ObjectStore folderStore(Path dataDirectory) {
        Path buckets = dataDirectory.resolve(BUCKETS);
        if (!Files.isDirectory(buckets)) {
            throw new ValidationException("No buckets to read: " + buckets + " is not a directory; point --data (or"
                    + " CAIRN_DATA) at the server's data directory, or validate through a running server with"
                    + " --endpoint URL");
        }
        try {
            return FolderObjectStore.open(buckets, Clock.system());
        } catch (IllegalStateException e) {
            throw new ValidationException(
                    "The buckets in " + buckets + " are in use by a running server, which"
                            + " owns them; stop it, or validate through it with --endpoint URL (and without --data and"
                            + " --local)",
                    e);
        } catch (UncheckedIOException e) {
            throw new ValidationException("Cannot open the buckets in " + buckets + ": " + e.getMessage(), e);
        }
    }

    /** Opens the buckets of a running server, or of any S3 endpoint, path-style. */
    private static ObjectStore s3Store(
            @Nullable URI api,
            @Nullable String s3,
            String signingRegion,
            String account,
            @Nullable SigningCredentials credentials) {
        URI url = s3 != null ? uri("--s3-endpoint", s3) : requireNonNull(api, "api is null");
        requireNonNull(credentials, "credentials is null");
        return S3ObjectStore.open(
                new S3Endpoint(url, signingRegion, true, credentials.accessKeyId(), credentials.secretAccessKey()),
                account);
    }

    /** Reads public keys from the key directory without opening it as a store (nothing is written). */
    private static PublicKeySource fileKeys(Path directory) {
        return (region, from, to) -> {
            try {
                return FileSigningKeyStore.readPublicKeys(directory, region, from, to);
            } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
                throw new ValidationException("Cannot read the public keys in " + directory + ": " + e.getMessage(), e);
            }
        };
    }

    /** Returns a listener that tells {@code progress} (if any) first, then {@code output}. */
    private static ValidationListener both(@Nullable ProgressBar progress, ValidateLogsOutput output) {
        if (progress == null) {
            return output;
        }
        return new ValidationListener() {
            @Override
            public void digestsListed(int standard, int backfill) {
                progress.digestsListed(standard, backfill);
                output.digestsListed(standard, backfill);
            }

            @Override
            public void digestChecked(DigestResult result) {
                progress.digestChecked(result);
                output.digestChecked(result);
            }

            @Override
            public void logFileChecked(LogFileResult result) {
                progress.logFileChecked(result);
                output.logFileChecked(result);
            }

            @Override
            public void gap(DigestGap gap) {
                progress.gap(gap);
                output.gap(gap);
            }
        };
    }

    /** The User-Agent of the CLI's calls: {@code cairn-cli/<version> validate-logs}. */
    static String userAgent() {
        String version = ValidateLogsCommand.class.getPackage().getImplementationVersion();
        return "cairn-cli/" + (version == null ? "dev" : version) + " validate-logs";
    }

    /**
     * Returns whether standard error is a terminal: a console is attached ({@link System#console()}, and on
     * Java 22 and later {@code Console.isTerminal()}), and on Linux file descriptor 2 is a terminal device.
     */
    static boolean stderrIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            if (!Boolean.TRUE.equals(isTerminal.invoke(console))) {
                return false;
            }
        } catch (NoSuchMethodException e) {
            // Java 21: a console means standard input and output are a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(fd)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return true;
            }
        }
        return true;
    }
}
