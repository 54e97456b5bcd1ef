package dev.cairn.server.auth;

import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.operation.Protocol;

/**
 * The authentication failures Cairn reports, each with the code and status AWS uses in the JSON protocols
 * and in the query protocol (they differ: {@code UnrecognizedClientException} against
 * {@code InvalidClientTokenId}, for example). See docs/specs/iam-sts-auth.md for the sources.
 */
public enum AuthError {
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 400, "MissingAuthenticationToken", 403),
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400, "IncompleteSignature", 400),
    UNKNOWN_KEY("UnrecognizedClientException", 400, "InvalidClientTokenId", 403),
    SIGNATURE_DOES_NOT_MATCH("InvalidSignatureException", 400, "SignatureDoesNotMatch", 403),
    SIGNATURE_EXPIRED("InvalidSignatureException", 400, "SignatureDoesNotMatch", 403),
    REQUEST_EXPIRED("RequestExpired", 400, "RequestExpired", 400),
    EXPIRED_TOKEN("ExpiredTokenException", 400, "ExpiredToken", 403),
    MALFORMED_QUERY_STRING("MalformedQueryString", 400, "MalformedQueryString", 400),
    CONTENT_SHA256_MISMATCH("XAmzContentSHA256Mismatch", 400, "XAmzContentSHA256Mismatch", 400);

    private final String jsonCode;
    private final int jsonStatus;
    private final String queryCode;
    private final int queryStatus;

    AuthError(String jsonCode, int jsonStatus, String queryCode, int queryStatus) {
        this.jsonCode = jsonCode;
        this.jsonStatus = jsonStatus;
        this.queryCode = queryCode;
        this.queryStatus = queryStatus;
    }

    /** Returns the error as the given protocol reports it. */
    public AwsException toException(Protocol protocol, String message) {
        return protocol == Protocol.QUERY
                ? new AwsException(queryCode, queryStatus, message, true)
                : new AwsException(jsonCode, jsonStatus, message, true);
    }
}
