package dev.cairn.protocol.operation;

/** The AWS wire protocols Cairn's control planes speak. */
public enum Protocol {
    /** {@code POST /} with {@code X-Amz-Target} and a JSON body ({@code application/x-amz-json-1.1}). */
    JSON_1_1,
    /** Path-routed requests with JSON bodies and the {@code x-amzn-ErrorType} error header. */
    REST_JSON,
    /** Form-encoded {@code Action=…&Version=…} requests with XML responses (STS, IAM). */
    QUERY
}
