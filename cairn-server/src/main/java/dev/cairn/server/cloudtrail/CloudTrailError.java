package dev.cairn.server.cloudtrail;

import dev.cairn.protocol.error.ErrorCode;

/** The error codes of the CloudTrail API; every one travels with HTTP 400, as the API reference lists. */
enum CloudTrailError implements ErrorCode {
    INVALID_LOOKUP_ATTRIBUTES("InvalidLookupAttributesException"),
    INVALID_TIME_RANGE("InvalidTimeRangeException"),
    INVALID_MAX_RESULTS("InvalidMaxResultsException"),
    INVALID_NEXT_TOKEN("InvalidNextTokenException"),
    INVALID_EVENT_CATEGORY("InvalidEventCategoryException"),
    THROTTLING("ThrottlingException");

    private final String code;

    CloudTrailError(String code) {
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
