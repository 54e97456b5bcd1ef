package dev.cairn.selector;

import static java.util.Objects.requireNonNull;

/**
 * The refusal of event selectors that break a rule of {@code PutEventSelectors} (AWS error code {@code
 * InvalidEventSelectorsException}); its message says which value broke which rule. The messages are made in
 * one place, {@link SelectorMessages}.
 */
public final class InvalidEventSelectorsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidEventSelectorsException(String message) {
        super(requireNonNull(message, "message is null"));
    }

    /** Returns the refusal of a request that gives both {@code EventSelectors} and {@code AdvancedEventSelectors}. */
    public static InvalidEventSelectorsException bothKinds() {
        return new InvalidEventSelectorsException(SelectorMessages.bothKinds());
    }

    /** Returns the refusal of a request that gives neither {@code EventSelectors} nor {@code AdvancedEventSelectors}. */
    public static InvalidEventSelectorsException neitherKind() {
        return new InvalidEventSelectorsException(SelectorMessages.neitherKind());
    }
}
