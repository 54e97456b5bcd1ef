package dev.cairn.event;

import com.fasterxml.jackson.core.io.SerializedString;
import java.util.HashMap;
import java.util.Map;

/**
 * The members one modelled JSON object knows, in AWS's canonical emission order: each member's name and
 * {@link Kind}. A member's index in the schema is its position in that order.
 */
final class Schema {

    /** A known member, declared by the enum of the class the schema describes; its ordinal is its index. */
    interface Member {
        String jsonName();

        Kind kind();

        int ordinal();
    }

    private final String[] names;
    private final SerializedString[] jsonNames;
    private final Kind[] kinds;
    private final long required;
    private final Map<String, Integer> indexByName;

    private Schema(Member[] members, Member... requiredMembers) {
        if (members.length > Long.SIZE) {
            throw new IllegalArgumentException("a schema holds at most 64 members, not " + members.length);
        }
        this.names = new String[members.length];
        this.jsonNames = new SerializedString[members.length];
        this.kinds = new Kind[members.length];
        this.indexByName = new HashMap<>(members.length * 2);
        for (Member member : members) {
            int i = member.ordinal();
            names[i] = member.jsonName();
            jsonNames[i] = new SerializedString(member.jsonName());
            kinds[i] = member.kind();
            indexByName.put(member.jsonName(), i);
        }
        long requiredBits = 0;
        for (Member member : requiredMembers) {
            requiredBits |= 1L << member.ordinal();
        }
        this.required = requiredBits;
    }

    /**
     * Returns the schema of an object with {@code members} (an enum's values, in canonical order);
     * {@code required} members must be present, and not null, in every parsed object.
     */
    static Schema of(Member[] members, Member... required) {
        return new Schema(members, required);
    }

    int size() {
        return names.length;
    }

    /** The index of the member called {@code name}, or -1 when the model does not know it. */
    int indexOf(String name) {
        Integer index = indexByName.get(name);
        return index == null ? -1 : index;
    }

    String name(int index) {
        return names[index];
    }

    SerializedString jsonName(int index) {
        return jsonNames[index];
    }

    Kind kind(int index) {
        return kinds[index];
    }

    boolean isRequired(int index) {
        return (required & (1L << index)) != 0;
    }

    /** Returns the path of {@code member} inside the object at {@code path} ("" for the record itself). */
    static String pathOf(String path, String member) {
        return path.isEmpty() ? member : path + "." + member;
    }
}
