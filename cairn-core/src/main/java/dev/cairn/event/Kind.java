package dev.cairn.event;

/** The JSON type a modelled member must have, and the Java value the model holds for it. */
enum Kind {
    /** A JSON string, held as a {@link String}. */
    STRING("a string"),
    /** A JSON {@code true} or {@code false}, held as a {@link Boolean}. */
    BOOLEAN("a boolean (true or false)"),
    /** A string {@code yyyy-MM-ddTHH:mm:ssZ}, held as an {@link java.time.Instant}. */
    TIME("a UTC time written yyyy-MM-ddTHH:mm:ssZ, such as \"2019-06-19T00:18:31Z\""),
    /** Any JSON value, held as {@link RawJson}. */
    RAW("any JSON value"),
    /** An object, held as a {@link UserIdentity}. */
    USER_IDENTITY("an object"),
    /** An object, held as a {@link SessionContext}. */
    SESSION_CONTEXT("an object"),
    /** An object, held as a {@link SessionIssuer}. */
    SESSION_ISSUER("an object"),
    /** An object, held as {@link SessionAttributes}. */
    SESSION_ATTRIBUTES("an object"),
    /** An array of objects, held as a list of {@link Resource}. */
    RESOURCES("an array of objects");

    /** The rule a value of this kind follows, worded for error messages. */
    final String rule;

    Kind(String rule) {
        this.rule = rule;
    }
}
