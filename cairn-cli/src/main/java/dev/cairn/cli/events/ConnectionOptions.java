package dev.cairn.cli.events;

import dev.cairn.cli.aws.CredentialSource;
import dev.cairn.cli.aws.CredentialsException;
import dev.cairn.protocol.sigv4.SigningCredentials;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options that say which server to ask and as whom: endpoint, region, data directory and profile. */
final class ConnectionOptions {
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    @Option(
            names = "--endpoint",
            paramLabel = "URL",
            defaultValue = "${env:CAIRN_ENDPOINT:-http://127.0.0.1:4566}",
            description = "The Cairn server (env CAIRN_ENDPOINT; default ${DEFAULT-VALUE}).")
    String endpoint = "http://127.0.0.1:4566";

    @Option(
            names = "--region",
            paramLabel = "REGION",
            defaultValue = "us-east-1",
            description = "The region whose event history is read; history is kept per region (default"
                    + " ${DEFAULT-VALUE}).")
    String region = "us-east-1";

    @Option(
            names = "--data",
            paramLabel = "DIR",
            defaultValue = "${env:CAIRN_DATA:-cairn-data}",
            description = "The server's data directory, whose 'credentials' file holds the admin key (env CAIRN_DATA;"
                    + " default ${DEFAULT-VALUE}).")
    Path data = Path.of("cairn-data");

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "Sign with this profile of <data>/credentials, even when AWS_ACCESS_KEY_ID is set."
                    + " Without it: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) when set,"
                    + " else the profile 'cairn'.")
    @Nullable
    String profile;

    /** Returns the endpoint as a URI, or reports a usage error. */
    URI endpoint(CommandSpec spec) {
        URI uri;
        try {
            uri = new URI(endpoint.strip());
        } catch (URISyntaxException e) {
            throw new ParameterException(
                    spec.commandLine(), "--endpoint '" + endpoint + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--endpoint '" + endpoint + "' must be an http:// or https:// URL with a host, such as"
                            + " http://127.0.0.1:4566");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ParameterException(
                    spec.commandLine(), "--endpoint '" + endpoint + "' must not have a query or a fragment");
        }
        return uri;
    }

    /** Returns the region, or reports a usage error. */
    String region(CommandSpec spec) {
        if (!REGION.matcher(region).matches()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--region '" + region + "' is not a region name such as us-east-1 (lower-case letters, digits"
                            + " and '-')");
        }
        return region;
    }

    SigningCredentials credentials(CliContext context) throws CredentialsException {
        return CredentialSource.resolve(context.env(), data, profile);
    }
}
