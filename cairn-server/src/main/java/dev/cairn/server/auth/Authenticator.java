package dev.cairn.server.auth;

import static java.util.Objects.requireNonNull;

import dev.cairn.identity.AccessKey;
import dev.cairn.identity.Caller;
import dev.cairn.identity.IdentityDirectory;
import dev.cairn.identity.PrincipalType;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.http.HttpRequest;
import dev.cairn.protocol.operation.Protocol;
import dev.cairn.protocol.sigv4.SigV4Credential;
import dev.cairn.protocol.sigv4.SigV4Exception;
import dev.cairn.protocol.sigv4.SigV4Verifier;
import dev.cairn.protocol.sigv4.SignedRequest;
import dev.cairn.server.AuthMode;
import dev.cairn.time.Clock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns a signed request into the {@link Caller} behind it: parses the SigV4 credential, finds the key,
 * checks that it may sign (active, right session token, not expired), and verifies the signature. Every
 * refusal is an {@link AwsException} in the protocol of the call.
 *
 * <p>Notes: the order of checks follows AWS: a malformed or missing signature is reported before the
 * key is looked up; an unknown, inactive or wrongly-tokened key is reported as an invalid token without
 * saying which, so that a caller cannot probe for key ids; only then are time and signature checked.
 */
public final class Authenticator {
    /** AWS words this with a period in the JSON services and without one in the query services. */
    static final String INVALID_TOKEN = "The security token included in the request is invalid";

    static final String EXPIRED_TOKEN = "The security token included in the request is expired";

    private final SigV4Verifier verifier;
    private final IdentityDirectory directory;
    private final AuthMode mode;
    private final String defaultAccountId;
    private final Clock clock;

    public Authenticator(
            SigV4Verifier verifier, IdentityDirectory directory, AuthMode mode, String defaultAccountId, Clock clock) {
        this.verifier = requireNonNull(verifier, "verifier is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.mode = requireNonNull(mode, "mode is null");
        this.defaultAccountId = requireNonNull(defaultAccountId, "defaultAccountId is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The outcome of a successful authentication: who, and the scope the request was signed for. */
    public record Authenticated(Caller caller, SigV4Credential credential) {}

    /**
     * A request with its SigV4 credential parsed once: the credential when it parsed, else why not. The
     * pipeline routes on the credential's service before it authenticates.
     */
    public static final class Parsed {
        private final SignedRequest request;
        private final @Nullable SigV4Credential credential;
        private final @Nullable SigV4Exception failure;

        private Parsed(SignedRequest request, @Nullable SigV4Credential credential, @Nullable SigV4Exception failure) {
            this.request = request;
            this.credential = credential;
            this.failure = failure;
        }

        /** Returns the parsed credential, or null when the request carries none or a malformed one. */
        public @Nullable SigV4Credential credential() {
            return credential;
        }
    }

    /** Parses the request's SigV4 credential without checking it. */
    public Parsed parse(HttpRequest http) {
        SignedRequest request = signed(http);
        try {
            return new Parsed(request, verifier.parse(request), null);
        } catch (SigV4Exception e) {
            return new Parsed(request, null, e);
        }
    }

    /** Returns the principal a key belongs to, whether or not it is active, for recording refused calls. */
    public Optional<Caller> ownerOf(String accessKeyId) {
        return directory.findKey(accessKeyId).map(directory::callerOf);
    }

    public Authenticated authenticate(HttpRequest http, Protocol protocol) {
        return authenticate(parse(http), protocol);
    }

    public Authenticated authenticate(Parsed parsed, Protocol protocol) {
        if (parsed.failure != null) {
            throw map(parsed.failure, protocol);
        }
        SigV4Credential credential = requireNonNull(parsed.credential, "credential");
        SignedRequest request = parsed.request;
        Optional<AccessKey> found = directory.findKey(credential.accessKeyId());
        if (mode == AuthMode.OPEN) {
            Caller caller = found.map(directory::callerOf).orElseGet(() -> openModeCaller(credential.accessKeyId()));
            return new Authenticated(caller, credential);
        }
        AccessKey key =
                found.filter(k -> k.status() == AccessKey.Status.Active).orElseThrow(() -> invalidToken(protocol));
        checkSessionToken(key, credential, protocol);
        try {
            verifier.verify(request, credential, key.secretAccessKey());
        } catch (SigV4Exception e) {
            throw map(e, protocol);
        }
        return new Authenticated(directory.callerOf(key), credential);
    }

    private void checkSessionToken(AccessKey key, SigV4Credential credential, Protocol protocol) {
        String presented = credential.sessionToken();
        if (!key.temporary()) {
            if (presented != null) {
                throw invalidToken(protocol);
            }
            return;
        }
        if (presented == null || !constantTimeEquals(presented, key.sessionToken())) {
            throw invalidToken(protocol);
        }
        if (key.expiration() != null && !clock.now().isBefore(key.expiration())) {
            throw AuthError.EXPIRED_TOKEN.toException(protocol, EXPIRED_TOKEN);
        }
    }

    private static AwsException invalidToken(Protocol protocol) {
        return AuthError.UNKNOWN_KEY.toException(
                protocol, protocol == Protocol.QUERY ? INVALID_TOKEN : INVALID_TOKEN + ".");
    }

    private Caller openModeCaller(String accessKeyId) {
        return new Caller(
                PrincipalType.IAM_USER,
                defaultAccountId,
                "arn:aws:iam::" + defaultAccountId + ":user/" + accessKeyId,
                accessKeyId,
                accessKeyId,
                accessKeyId,
                null);
    }

    private static AwsException map(SigV4Exception e, Protocol protocol) {
        AuthError error = switch (e.failure()) {
            case MISSING_AUTHENTICATION_TOKEN -> AuthError.MISSING_AUTHENTICATION_TOKEN;
            case INCOMPLETE_SIGNATURE -> AuthError.INCOMPLETE_SIGNATURE;
            case SIGNATURE_DOES_NOT_MATCH -> AuthError.SIGNATURE_DOES_NOT_MATCH;
            case SIGNATURE_EXPIRED -> AuthError.SIGNATURE_EXPIRED;
            case REQUEST_EXPIRED -> AuthError.REQUEST_EXPIRED;
            case MALFORMED_QUERY_STRING -> AuthError.MALFORMED_QUERY_STRING;
            case CONTENT_SHA256_MISMATCH -> AuthError.CONTENT_SHA256_MISMATCH;
        };
        return error.toException(protocol, e.getMessage());
    }

    static SignedRequest signed(HttpRequest http) {
        return new SignedRequest(http.method(), http.rawPath(), http.rawQuery(), http.headers(), http.body());
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
