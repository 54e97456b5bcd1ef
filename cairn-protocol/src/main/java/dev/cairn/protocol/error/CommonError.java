package dev.cairn.protocol.error;

/** The error codes that every AWS service shares, whatever its protocol. */
public enum CommonError implements ErrorCode {
    /** JSON protocols: the X-Amz-Target names no operation of the service. */
    UNKNOWN_OPERATION("UnknownOperationException", 400),
    /** Query protocol: the Action names no operation of the service. */
    INVALID_ACTION("InvalidAction", 400),
    /** Query protocol: a required parameter is missing. */
    MISSING_PARAMETER("MissingParameter", 400),
    MISSING_ACTION("MissingAction", 400),
    SERIALIZATION("SerializationException", 400),
    MALFORMED_QUERY_STRING("MalformedQueryString", 404),
    VALIDATION_EXCEPTION("ValidationException", 400),
    VALIDATION_ERROR("ValidationError", 400),
    INVALID_PARAMETER_VALUE("InvalidParameterValue", 400),
    REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLarge", 413),
    ACCESS_DENIED("AccessDenied", 403),
    ACCESS_DENIED_EXCEPTION("AccessDeniedException", 400),
    THROTTLING("ThrottlingException", 400),
    INTERNAL_FAILURE("InternalFailure", 500),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503);

    private final String code;
    private final int httpStatus;

    CommonError(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public int httpStatus() {
        return httpStatus;
    }
}
