package dev.cairn.protocol.sigv4;

/**
 * The ways in which a request can fail SigV4 authentication, one per error that AWS reports differently.
 *
 * <p>The wire error code depends on the protocol, so the server maps each entry; the usual codes are given
 * below as query-protocol code / JSON-protocol code / S3 code, with the HTTP status.
 */
public enum SigV4Failure {
    /**
     * Neither an Authorization header nor an X-Amz-Algorithm query parameter (or an unknown algorithm in
     * the latter). MissingAuthenticationToken / MissingAuthenticationTokenException / AccessDenied, 403.
     */
    MISSING_AUTHENTICATION_TOKEN,

    /**
     * The authentication parameters are present but malformed: a missing Credential, SignedHeaders or
     * Signature, a credential without five parts, an unparsable date, an unsupported algorithm, a bad
     * X-Amz-Expires, or both an Authorization header and a presigned query at once. IncompleteSignature / IncompleteSignatureException / AuthorizationHeaderMalformed or
     * AuthorizationQueryParametersError, 400.
     */
    INCOMPLETE_SIGNATURE,

    /**
     * The signature does not match, or the credential scope is wrong (terminator, date) or leaves 'host'
     * unsigned, which AWS reports under the same code. SignatureDoesNotMatch / InvalidSignatureException /
     * SignatureDoesNotMatch, 403.
     */
    SIGNATURE_DOES_NOT_MATCH,

    /**
     * The request time lies further from the server's clock than the allowed skew. AWS reports this under
     * the SIGNATURE_DOES_NOT_MATCH code with a "Signature expired" or "Signature not yet current" message;
     * S3 calls it RequestTimeTooSkewed. 403.
     */
    SIGNATURE_EXPIRED,

    /** A presigned request is used after X-Amz-Date plus X-Amz-Expires. S3: AccessDenied, 403. */
    REQUEST_EXPIRED,

    /** The query string has a broken percent-escape. MalformedQueryString, 404 (sic) in the AWS docs. */
    MALFORMED_QUERY_STRING,

    /**
     * The signed x-amz-content-sha256 header is a SHA-256 that the body does not have, or is neither such
     * a hash nor one of the literal values. S3: XAmzContentSHA256Mismatch / InvalidArgument, 400.
     */
    CONTENT_SHA256_MISMATCH,
}
