package dev.cairn.server.organizations;

import dev.cairn.protocol.error.ErrorCode;

/** The error codes AWS Organizations answers with; every one travels with HTTP 400, as the service sends them. */
enum OrganizationsError implements ErrorCode {
    ACCESS_DENIED("AccessDeniedException"),
    NOT_IN_USE("AWSOrganizationsNotInUseException"),
    INVALID_INPUT("InvalidInputException"),
    CONSTRAINT_VIOLATION("ConstraintViolationException"),
    CREATE_ACCOUNT_STATUS_NOT_FOUND("CreateAccountStatusNotFoundException");

    private final String code;

    OrganizationsError(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public int httpStatus() {
        return 400;
    }
}
