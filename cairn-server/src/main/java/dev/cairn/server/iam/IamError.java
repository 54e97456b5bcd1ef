package dev.cairn.server.iam;

import dev.cairn.protocol.error.ErrorCode;

/** The error codes IAM answers with, and their HTTP statuses. */
enum IamError implements ErrorCode {
    NO_SUCH_ENTITY("NoSuchEntity", 404),
    ENTITY_ALREADY_EXISTS("EntityAlreadyExists", 409),
    DELETE_CONFLICT("DeleteConflict", 409),
    LIMIT_EXCEEDED("LimitExceeded", 409),
    MALFORMED_POLICY_DOCUMENT("MalformedPolicyDocument", 400),
    VALIDATION_ERROR("ValidationError", 400);

    private final String code;
    private final int httpStatus;

    IamError(String code, int httpStatus) {
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
