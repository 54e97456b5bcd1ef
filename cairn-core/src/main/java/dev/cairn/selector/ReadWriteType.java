package dev.cairn.selector;

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
}
