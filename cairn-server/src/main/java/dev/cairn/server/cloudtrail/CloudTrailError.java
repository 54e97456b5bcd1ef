package dev.cairn.server.cloudtrail;

import dev.cairn.protocol.error.ErrorCode;

/** The error codes of the CloudTrail API; every one travels with HTTP 400, as the API reference lists. */
enum CloudTrailError implements ErrorCode {
    INVALID_LOOKUP_ATTRIBUTES("InvalidLookupAttributesException"),
    INVALID_TIME_RANGE("InvalidTimeRangeException"),
    INVALID_MAX_RESULTS("InvalidMaxResultsException"),
    INVALID_NEXT_TOKEN("InvalidNextTokenException"),
    INVALID_EVENT_CATEGORY("InvalidEventCategoryException"),
    THROTTLING("ThrottlingException"),
    // trails
    TRAIL_NOT_FOUND("TrailNotFoundException"),
    TRAIL_ALREADY_EXISTS("TrailAlreadyExistsException"),
    INVALID_TRAIL_NAME("InvalidTrailNameException"),
    TRAIL_ARN_INVALID("CloudTrailARNInvalidException"),
    MAXIMUM_NUMBER_OF_TRAILS_EXCEEDED("MaximumNumberOfTrailsExceededException"),
    INVALID_HOME_REGION("InvalidHomeRegionException"),
    S3_BUCKET_DOES_NOT_EXIST("S3BucketDoesNotExistException"),
    INVALID_S3_BUCKET_NAME("InvalidS3BucketNameException"),
    INVALID_S3_PREFIX("InvalidS3PrefixException"),
    INVALID_SNS_TOPIC_NAME("InvalidSnsTopicNameException"),
    INVALID_KMS_KEY_ID("InvalidKmsKeyIdException"),
    INVALID_CLOUD_WATCH_LOGS_LOG_GROUP_ARN("InvalidCloudWatchLogsLogGroupArnException"),
    INVALID_CLOUD_WATCH_LOGS_ROLE_ARN("InvalidCloudWatchLogsRoleArnException"),
    INVALID_PARAMETER_COMBINATION("InvalidParameterCombinationException"),
    INVALID_PARAMETER("InvalidParameterException"),
    NOT_ORGANIZATION_MASTER_ACCOUNT("NotOrganizationMasterAccountException"),
    UNSUPPORTED_OPERATION("UnsupportedOperationException"),
    // selectors
    INVALID_EVENT_SELECTORS("InvalidEventSelectorsException"),
    INVALID_INSIGHT_SELECTORS("InvalidInsightSelectorsException"),
    INSIGHT_NOT_ENABLED("InsightNotEnabledException"),
    // tags
    RESOURCE_NOT_FOUND("ResourceNotFoundException"),
    RESOURCE_TYPE_NOT_SUPPORTED("ResourceTypeNotSupportedException"),
    INVALID_TAG_PARAMETER("InvalidTagParameterException"),
    TAGS_LIMIT_EXCEEDED("TagsLimitExceededException");

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
