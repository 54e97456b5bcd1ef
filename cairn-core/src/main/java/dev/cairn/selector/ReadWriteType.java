package dev.cairn.selector;

import static java.util.Objects.requireNonNull;

/** Which events a basic selector takes by their {@code readOnly}, with the wire names AWS uses. */
public enum ReadWriteType {
    READ_ONLY("ReadOnly"),
    WRITE_ONLY("WriteOnly"),
    ALL("All");

    private final String wireName;

    ReadWriteType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * Returns the type whose wire name is {@code wireName} (case sensitive).
     *
     * @throws InvalidEventSelectorsException if it is not {@code ReadOnly}, {@code WriteOnly} or {@code All}
     */
    public static ReadWriteType fromWireName(String wireName) {
        requireNonNull(wireName, "wireName is null");
        for (ReadWriteType type : values()) {
            if (type.wireName.equals(wireName)) {
                return type;
            }
        }
        throw new InvalidEventSelectorsException(SelectorMessages.readWriteType(wireName));
    }
}
