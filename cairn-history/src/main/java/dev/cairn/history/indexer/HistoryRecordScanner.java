package dev.cairn.history.indexer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.cairn.event.CloudTrailJson;
import dev.cairn.history.HistoryFields;
import dev.cairn.history.HistoryRecord;
import dev.cairn.history.HistoryResource;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The reader of journaled records into {@link HistoryRecord}s: one pass over the record's UTF-8 bytes that
 * decodes only the members event history derives something from ({@link HistoryFields}) and steps over
 * the rest, nested objects included, without decoding them. It gives the same fields as parsing the record
 * with {@link dev.cairn.event.CloudTrailJson} and deriving them with {@link HistoryFields}, at a fraction
 * of the cost.
 *
 * <p>The record must be one JSON object, valid JSON throughout (RFC 8259: no comments, no trailing commas,
 * no leading zeros, no raw control characters in strings). Of the members it reads it is as strict as
 * {@code CloudTrailJson}: eventVersion, eventTime, awsRegion and eventID are present and not null; each
 * has its JSON type ({@code readOnly} a boolean, {@code eventTime} yyyy-MM-ddTHH:mm:ssZ, {@code
 * userIdentity} an object, ...) and appears once. The members it steps over are only checked to be valid
 * JSON, and bytes of strings are not checked to be valid UTF-8 (invalid ones decode as U+FFFD): the
 * journal holds records Cairn wrote, so this tells its own records from foreign bytes, and does not vet
 * other writers'.
 */
public final class HistoryRecordScanner {

    /*
     * Notes
     * -----
     * Why not jackson. jackson-core's streaming parser, even when it skips what it does not need, still
     * tokenizes it: every member name of every nested object is decoded and looked up in its symbol table.
     * On the synthetic records of HistoryIndexBenchmark that took 4-5 µs a record, about a fifth of the
     * indexing thread, as much as parsing the whole record. Stepping over a value here is a loop over its
     * bytes that tracks strings and nesting.
     *
     * Equivalence. The rules are HistoryFields' (which events are kept, the account, username, resources,
     * the names of Insights events), applied to the members as they are read; members may come in any
     * order, so every decision that depends on two members (the resources named by request parameters
     * depend on eventSource) is taken after the whole record was read. HistoryRecordScannerTest checks
     * that this gives what HistoryFields derives, record by record, over the CloudTrail corpus (compact and
     * pretty-printed) and over records made to hit each rule, and that what CloudTrailJson refuses is
     * refused.
     */

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;

    /** Nesting deeper than this is refused, as jackson does by default. */
    private static final int MAX_DEPTH = 1000;

    // The members read, by level: top-level, userIdentity, a resources item.
    private static final String[] TOP_NAMES = {
        "eventVersion",
        "eventTime",
        "awsRegion",
        "eventID",
        "eventSource",
        "eventName",
        "eventType",
        "eventCategory",
        "recipientAccountId",
        "readOnly",
        "managementEvent",
        "userIdentity",
        "resources",
        "requestParameters",
        "insightDetails"
    };
    private static final byte[][] TOP = names(TOP_NAMES);
    private static final int EVENT_VERSION = 0;
    private static final int EVENT_TIME = 1;
    private static final int AWS_REGION = 2;
    private static final int EVENT_ID = 3;
    private static final int EVENT_SOURCE = 4;
    private static final int EVENT_NAME = 5;
    private static final int EVENT_TYPE = 6;
    private static final int EVENT_CATEGORY = 7;
    private static final int RECIPIENT_ACCOUNT_ID = 8;
    private static final int READ_ONLY = 9;
    private static final int MANAGEMENT_EVENT = 10;
    private static final int USER_IDENTITY = 11;
    private static final int RESOURCES = 12;
    private static final int REQUEST_PARAMETERS = 13;
    private static final int INSIGHT_DETAILS = 14;

    private static final String[] IDENTITY_PATHS = {
        "userIdentity.type",
        "userIdentity.arn",
        "userIdentity.accountId",
        "userIdentity.accessKeyId",
        "userIdentity.userName",
        "userIdentity.invokedBy"
    };
    private static final byte[][] IDENTITY = names("type", "arn", "accountId", "accessKeyId", "userName", "invokedBy");
    private static final int TYPE = 0;
    private static final int ARN = 1;
    private static final int ACCOUNT_ID = 2;
    private static final int ACCESS_KEY_ID = 3;
    private static final int USER_NAME = 4;
    private static final int INVOKED_BY = 5;

    private static final String[] RESOURCE_NAMES = {"ARN", "type", "accountId"};
    private static final byte[][] RESOURCE = names(RESOURCE_NAMES);

    /**
     * The request parameters that name resources: userName, roleName, roleArn and accessKeyId of IAM and
     * STS calls, then name and trailName of CloudTrail calls, in the order resources are taken from them.
     */
    private static final byte[][] PARAMETERS =
            names("userName", "roleName", "roleArn", "accessKeyId", "name", "trailName");

    private static final String[] PARAMETER_TYPES = {
        "AWS::IAM::User",
        "AWS::IAM::Role",
        "AWS::IAM::Role",
        "AWS::IAM::AccessKey",
        "AWS::CloudTrail::Trail",
        "AWS::CloudTrail::Trail"
    };
    private static final int FIRST_CLOUDTRAIL_PARAMETER = 4;

    private static final byte[][] INSIGHT = names("eventName", "eventSource");

    private HistoryRecordScanner() {}

    /**
     * Returns the event {@code json} holds as event history indexes it, or null when history does not
     * keep it (a data or network-activity event, {@link HistoryFields#isKept}). Its {@link
     * HistoryRecord#accountId()} is empty when the record names no account.
     *
     * @throws IllegalArgumentException if {@code json} is not a CloudTrail record; the message names the
     *     member or the byte and the rule
     */
    public static @Nullable HistoryRecord scan(byte[] json) {
        requireNonNull(json, "json is null");
        Scan scan = new Scan(json);
        scan.record();
        return scan.result();
    }

    /** One record being read: the position in its bytes, and the members read so far. */
    private static final class Scan {
        private final byte[] in;
        private int pos;

        private final @Nullable String[] top = new String[TOP.length];
        private int topSeen;
        private @Nullable Instant eventTime;
        private @Nullable Boolean readOnly;
        private @Nullable Boolean managementEvent;

        private boolean identity;
        private final @Nullable String[] identityMembers = new String[IDENTITY.length];

        /** The listed resources, as ARN and type pairs. */
        private @Nullable List<String> listed;

        /** The first string value of each of {@link #PARAMETERS}. */
        private final @Nullable String[] parameters = new String[PARAMETERS.length];

        private final @Nullable String[] insight = new String[INSIGHT.length];

        Scan(byte[] in) {
            this.in = in;
        }

        void record() {
            skipWhitespace();
            if (pos >= in.length) {
                throw new IllegalArgumentException("a CloudTrail record must be a JSON object, but is empty");
            }
            if (in[pos] != '{') {
                throw new IllegalArgumentException(
                        "a CloudTrail record must be a JSON object, but starts with " + describe(pos));
            }
            pos++;
            if (enterObject()) {
                do {
                    int member = memberName(TOP);
                    if (member < 0) {
                        skipValue(1);
                    } else {
                        readTop(member);
                    }
                } while (nextMember());
            }
            skipWhitespace();
            if (pos < in.length) {
                throw new IllegalArgumentException(
                        "a CloudTrail record must be exactly one JSON object, but more follows it at byte " + pos);
            }
            if (top[EVENT_VERSION] == null || eventTime == null || top[AWS_REGION] == null || top[EVENT_ID] == null) {
                String missing = top[EVENT_VERSION] == null
                        ? "eventVersion"
                        : eventTime == null ? "eventTime" : top[AWS_REGION] == null ? "awsRegion" : "eventID";
                throw new IllegalArgumentException(
                        "the record has no " + missing + " (or it is null); every CloudTrail record has one");
            }
        }

        private void readTop(int member) {
            String name = TOP_NAMES[member];
            if ((topSeen & (1 << member)) != 0) {
                throw twice(name);
            }
            topSeen |= 1 << member;
            switch (member) {
                case EVENT_VERSION -> {
                    if (!literalNull()) {
                        if (in[pos] != '"') {
                            throw mistyped(name, "a string");
                        }
                        skipString();
                        top[EVENT_VERSION] = ""; // present; its value is not needed
                    }
                }
                case EVENT_TIME -> {
                    String text = string(name);
                    eventTime = text == null ? null : time(text);
                }
                case READ_ONLY -> readOnly = bool(name);
                case MANAGEMENT_EVENT -> managementEvent = bool(name);
                case USER_IDENTITY -> userIdentity();
                case RESOURCES -> listedResources();
                case REQUEST_PARAMETERS -> firstStrings(parameters, PARAMETERS);
                case INSIGHT_DETAILS -> firstStrings(insight, INSIGHT);
                default -> top[member] = string(name);
            }
        }

        private void userIdentity() {
            if (literalNull()) {
                return;
            }
            if (in[pos] != '{') {
                throw mistyped("userIdentity", "an object");
            }
            pos++;
            identity = true;
            int seen = 0;
            if (enterObject()) {
                do {
                    int member = memberName(IDENTITY);
                    if (member < 0) {
                        skipValue(2);
                        continue;
                    }
                    String path = IDENTITY_PATHS[member];
                    if ((seen & (1 << member)) != 0) {
                        throw twice(path);
                    }
                    seen |= 1 << member;
                    identityMembers[member] = string(path);
                } while (nextMember());
            }
        }

        private void listedResources() {
            if (literalNull()) {
                return;
            }
            if (in[pos] != '[') {
                throw mistyped("resources", "an array of objects");
            }
            pos++;
            List<String> found = new ArrayList<>(4);
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                listed = found;
                return;
            }
            while (true) {
                int item = found.size() / 2;
                skipWhitespace();
                if (peek() != '{') {
                    throw mistyped("resources[" + item + "]", "an object");
                }
                pos++;
                String arn = null;
                String type = null;
                int seen = 0;
                if (enterObject()) {
                    do {
                        int member = memberName(RESOURCE);
                        if (member < 0) {
                            skipValue(3);
                            continue;
                        }
                        if ((seen & (1 << member)) != 0) {
                            throw twice("resources[" + item + "]." + RESOURCE_NAMES[member]);
                        }
                        seen |= 1 << member;
                        String text;
                        if (literalNull()) {
                            text = null;
                        } else if (in[pos] == '"') {
                            text = readString();
                        } else {
                            throw mistyped("resources[" + item + "]." + RESOURCE_NAMES[member], "a string");
                        }
                        if (member == 0) {
                            arn = text;
                        } else if (member == 1) {
                            type = text;
                        }
                    } while (nextMember());
                }
                found.add(arn);
                found.add(type);
                skipWhitespace();
                byte next = peek();
                pos++;
                if (next == ']') {
                    break;
                }
                if (next != ',') {
                    throw syntax(pos - 1, "',' or ']' after an array item");
                }
            }
            listed = found;
        }

        /**
         * Reads any value; when it is an object, keeps into {@code values} the first string value of each
         * member named in {@code names}, as {@code HistoryFields} takes them.
         */
        private void firstStrings(@Nullable String[] values, byte[][] names) {
            skipWhitespace();
            if (peek() != '{') {
                skipValue(1); // any JSON; only an object names anything
                return;
            }
            pos++;
            if (enterObject()) {
                do {
                    int member = memberName(names);
                    if (member < 0 || values[member] != null || peek() != '"') {
                        skipValue(2);
                    } else {
                        values[member] = string("");
                    }
                } while (nextMember());
            }
        }

        // the record, once read

        /** The record, once read: null when history does not keep it. */
        @Nullable
        HistoryRecord result() {
            String eventType = top[EVENT_TYPE];
            String category = top[EVENT_CATEGORY];
            boolean isInsight = HistoryFields.INSIGHT_EVENT_TYPE.equals(eventType) || "Insight".equals(category);
            boolean management = !isInsight
                    && !Boolean.FALSE.equals(managementEvent)
                    && (category == null || category.equals("Management"));
            if (!isInsight && !management) {
                return null;
            }
            String name = top[EVENT_NAME];
            String source = top[EVENT_SOURCE];
            if (isInsight) {
                name = name == null ? insight[0] : name;
                source = source == null ? insight[1] : source;
            }
            String accessKeyId = identityMembers[ACCESS_KEY_ID];
            return new HistoryRecord(
                    requireNonNull(top[EVENT_ID]),
                    requireNonNull(eventTime),
                    account(),
                    requireNonNull(top[AWS_REGION]),
                    isInsight,
                    name == null ? "" : name,
                    readOnly == null ? null : readOnly.toString(),
                    accessKeyId == null || accessKeyId.isEmpty() ? null : accessKeyId,
                    source == null ? "" : source,
                    username(),
                    resources(),
                    in);
        }

        private String account() {
            String recipient = top[RECIPIENT_ACCOUNT_ID];
            if (recipient != null && !recipient.isEmpty()) {
                return recipient;
            }
            String caller = identityMembers[ACCOUNT_ID];
            return caller == null ? "" : caller;
        }

        private @Nullable String username() {
            if (!identity) {
                return null;
            }
            String type = identityMembers[TYPE];
            String arn = identityMembers[ARN];
            String userName = identityMembers[USER_NAME];
            String name = switch (type == null ? "" : type) {
                case "IAMUser" -> userName != null ? userName : HistoryFields.lastSegment(arn);
                case "AssumedRole", "FederatedUser" -> HistoryFields.lastSegment(arn);
                case "Root" -> "root";
                case "AWSService" -> identityMembers[INVOKED_BY];
                default -> userName;
            };
            return name == null || name.isEmpty() ? null : name;
        }

        private List<HistoryResource> resources() {
            List<HistoryResource> resources = new ArrayList<>(2);
            if (listed != null) {
                for (int i = 0; i < listed.size(); i += 2) {
                    String name = HistoryFields.lastSegment(listed.get(i));
                    if (name != null) {
                        addOnce(resources, new HistoryResource(listed.get(i + 1), name));
                    }
                }
            }
            String source = String.valueOf(top[EVENT_SOURCE]);
            int from;
            int to;
            if (source.equals("iam.amazonaws.com") || source.equals("sts.amazonaws.com")) {
                from = 0;
                to = FIRST_CLOUDTRAIL_PARAMETER;
            } else if (source.equals("cloudtrail.amazonaws.com")) {
                from = FIRST_CLOUDTRAIL_PARAMETER;
                to = PARAMETERS.length;
            } else {
                return resources;
            }
            for (int i = from; i < to; i++) {
                String name = HistoryFields.lastSegment(parameters[i]);
                if (name != null) {
                    addOnce(resources, new HistoryResource(PARAMETER_TYPES[i], name));
                }
            }
            return resources;
        }

        private static void addOnce(List<HistoryResource> resources, HistoryResource resource) {
            if (!resources.contains(resource)) {
                resources.add(resource);
            }
        }

        // values

        /** Reads a string or null, for the member at {@code path}. */
        private @Nullable String string(String path) {
            if (literalNull()) {
                return null;
            }
            if (in[pos] != '"') {
                throw mistyped(path, "a string");
            }
            return readString();
        }

        /** Reads a boolean or null, for the member at {@code path}. */
        private @Nullable Boolean bool(String path) {
            if (literalNull()) {
                return null;
            }
            if (matches("true")) {
                return Boolean.TRUE;
            }
            if (matches("false")) {
                return Boolean.FALSE;
            }
            throw mistyped(path, "a boolean");
        }

        /** Whether the value here is {@code null}, reading it if so; also skips the whitespace before it. */
        private boolean literalNull() {
            skipWhitespace();
            peek();
            return matches("null");
        }

        private boolean matches(String literal) {
            int end = pos + literal.length();
            if (end > in.length) {
                return false;
            }
            for (int i = 0; i < literal.length(); i++) {
                if (in[pos + i] != literal.charAt(i)) {
                    return false;
                }
            }
            if (end < in.length && isWordByte(in[end])) {
                return false; // such as nullx
            }
            pos = end;
            return true;
        }

        /** Reads the string whose opening quote is at {@code pos}. */
        private String readString() {
            int start = pos + 1;
            int end = plainRun(in, start);
            if (end >= in.length) {
                throw syntax(start - 1, "a string that ends");
            }
            byte b = in[end];
            if (b == '"') {
                pos = end + 1;
                return new String(in, start, end - start, UTF_8);
            }
            if (b == '\\') {
                pos = start;
                return readEscapedString();
            }
            throw syntax(end, "no control character unescaped in a string");
        }

        /** Reads the string that starts at {@code pos} (after its opening quote) and holds escapes. */
        private String readEscapedString() {
            StringBuilder text = new StringBuilder();
            int run = pos;
            while (true) {
                if (pos >= in.length) {
                    throw syntax(run, "a string that ends");
                }
                byte b = in[pos];
                if (b == '"') {
                    text.append(new String(in, run, pos - run, UTF_8));
                    pos++;
                    return text.toString();
                }
                if ((b & 0xff) < 0x20) {
                    throw syntax(pos, "no control character unescaped in a string");
                }
                if (b != '\\') {
                    pos++;
                    continue;
                }
                text.append(new String(in, run, pos - run, UTF_8));
                if (pos + 1 >= in.length) {
                    throw syntax(pos, "a string that ends");
                }
                byte escaped = in[pos + 1];
                pos += 2;
                switch (escaped) {
                    case '"' -> text.append('"');
                    case '\\' -> text.append('\\');
                    case '/' -> text.append('/');
                    case 'b' -> text.append('\b');
                    case 'f' -> text.append('\f');
                    case 'n' -> text.append('\n');
                    case 'r' -> text.append('\r');
                    case 't' -> text.append('\t');
                    case 'u' -> {
                        text.append((char) hex4(pos));
                        pos += 4;
                    }
                    default ->
                        throw syntax(pos - 1, "a valid escape (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)");
                }
                run = pos;
            }
        }

        private int hex4(int at) {
            if (at + 4 > in.length) {
                throw syntax(at, "four hexadecimal digits after \\u");
            }
            int value = 0;
            for (int i = at; i < at + 4; i++) {
                int digit = Character.digit(in[i], 16);
                if (digit < 0) {
                    throw syntax(i, "four hexadecimal digits after \\u");
                }
                value = value << 4 | digit;
            }
            return value;
        }

        // stepping over

        /** Steps over the value that starts here (after whitespace), nested {@code depth} levels deep. */
        private void skipValue(int depth) {
            if (depth > MAX_DEPTH) {
                throw syntax(pos, "nesting at most " + MAX_DEPTH + " levels deep");
            }
            skipWhitespace();
            switch (peek()) {
                case '"' -> skipString();
                case '{' -> {
                    pos++;
                    if (enterObject()) {
                        do {
                            skipMemberName();
                            skipValue(depth + 1);
                        } while (nextMember());
                    }
                }
                case '[' -> {
                    pos++;
                    skipWhitespace();
                    if (peek() == ']') {
                        pos++;
                        return;
                    }
                    while (true) {
                        skipValue(depth + 1);
                        skipWhitespace();
                        byte next = peek();
                        pos++;
                        if (next == ']') {
                            return;
                        }
                        if (next != ',') {
                            throw syntax(pos - 1, "',' or ']' after an array item");
                        }
                    }
                }
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> skipNumber();
            }
        }

        private void literal(String literal) {
            if (!matches(literal)) {
                throw syntax(pos, "a JSON value");
            }
        }

        /** Steps over the string whose opening quote is at {@code pos}. */
        private void skipString() {
            int start = pos++;
            while (true) {
                pos = plainRun(in, pos);
                if (pos >= in.length) {
                    throw syntax(start, "a string that ends");
                }
                byte b = in[pos++];
                if (b == '"') {
                    return;
                }
                if (b == '\\') {
                    if (pos >= in.length) {
                        throw syntax(start, "a string that ends");
                    }
                    byte escaped = in[pos++];
                    if (escaped == 'u') {
                        hex4(pos);
                        pos += 4;
                    } else if ("\"\\/bfnrt".indexOf(escaped) < 0) {
                        throw syntax(pos - 1, "a valid escape (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)");
                    }
                } else if ((b & 0xff) < 0x20) {
                    throw syntax(pos - 1, "no control character unescaped in a string");
                }
            }
        }

        /** Steps over a number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
        private void skipNumber() {
            int start = pos;
            if (pos < in.length && in[pos] == '-') {
                pos++;
            }
            if (pos < in.length && in[pos] == '0') {
                pos++;
            } else if (digits() == 0) {
                throw syntax(start, "a JSON value");
            }
            if (pos < in.length && in[pos] == '.') {
                pos++;
                if (digits() == 0) {
                    throw syntax(pos, "a digit after the decimal point");
                }
            }
            if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
                pos++;
                if (pos < in.length && (in[pos] == '+' || in[pos] == '-')) {
                    pos++;
                }
                if (digits() == 0) {
                    throw syntax(pos, "a digit in the exponent");
                }
            }
            if (pos < in.length && isWordByte(in[pos])) {
                throw syntax(start, "a JSON value");
            }
        }

        private int digits() {
            int start = pos;
            while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
                pos++;
            }
            return pos - start;
        }

        // objects

        /**
         * After an object's opening brace: whether it has members, leaving {@code pos} at the first one's
         * name; if it has none, steps over its closing brace.
         */
        private boolean enterObject() {
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return false;
            }
            return true;
        }

        /**
         * Reads a member's name and the colon after it, and returns its index in {@code names}, or -1 when
         * it is not one of them.
         */
        private int memberName(byte[][] names) {
            skipWhitespace();
            if (peek() != '"') {
                throw syntax(pos, "a member name in quotes");
            }
            int start = pos + 1;
            int end = plainRun(in, start);
            if (end >= in.length) {
                throw syntax(start - 1, "a string that ends");
            }
            int member;
            if (in[end] == '"') {
                member = indexOf(names, in, start, end);
                pos = end + 1;
            } else {
                byte[] name = readString().getBytes(UTF_8); // with escapes, or refused for a control character
                member = indexOf(names, name, 0, name.length);
            }
            skipWhitespace();
            if (peek() != ':') {
                throw syntax(pos, "':' after a member name");
            }
            pos++;
            skipWhitespace();
            peek();
            return member;
        }

        /** Steps over a member's name and the colon after it. */
        private void skipMemberName() {
            skipWhitespace();
            if (peek() != '"') {
                throw syntax(pos, "a member name in quotes");
            }
            skipString();
            skipWhitespace();
            if (peek() != ':') {
                throw syntax(pos, "':' after a member name");
            }
            pos++;
        }

        /** After a member's value: whether another member follows, stepping over the comma or the brace. */
        private boolean nextMember() {
            skipWhitespace();
            byte next = peek();
            pos++;
            if (next == ',') {
                return true;
            }
            if (next == '}') {
                return false;
            }
            throw syntax(pos - 1, "',' or '}' after a member");
        }

        // bytes

        private void skipWhitespace() {
            if (pos < in.length && in[pos] > ' ') {
                return; // the usual case: compact JSON
            }
            while (pos < in.length) {
                byte b = in[pos];
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    return;
                }
                pos++;
            }
        }

        /** The byte at {@code pos}, which must be there. */
        private byte peek() {
            if (pos >= in.length) {
                throw new IllegalArgumentException(
                        "a CloudTrail record must be valid JSON, but it ends at byte " + pos + ", within a value");
            }
            return in[pos];
        }

        private static boolean isWordByte(byte b) {
            return b >= '0' && b <= '9'
                    || b >= 'a' && b <= 'z'
                    || b >= 'A' && b <= 'Z'
                    || b == '.'
                    || b == '-'
                    || b == '+';
        }

        private IllegalArgumentException mistyped(String path, String rule) {
            skipWhitespace();
            byte b = peek();
            String is = switch (b) {
                case '"' -> "a string";
                case '{' -> "an object";
                case '[' -> "an array";
                case 't', 'f' -> "a boolean";
                default -> b == '-' || b >= '0' && b <= '9' ? "a number" : "not JSON";
            };
            return new IllegalArgumentException(path + " must be " + rule + ", but is " + is);
        }

        private IllegalArgumentException syntax(int at, String expected) {
            return new IllegalArgumentException("a CloudTrail record must be valid JSON, but at byte " + at + " where "
                    + expected + " is expected it has " + describe(at));
        }

        private String describe(int at) {
            if (at >= in.length) {
                return "its end";
            }
            int b = in[at] & 0xff;
            return b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("the byte 0x%02x", b);
        }

        /** Reads eventTime, which must be of the form yyyy-MM-ddTHH:mm:ssZ. */
        private static Instant time(String text) {
            try {
                return CloudTrailJson.parseTime(text);
            } catch (IllegalArgumentException e) {
                throw badTime(text, e.getMessage());
            }
        }

        private static IllegalArgumentException badTime(String text, String why) {
            return new IllegalArgumentException("eventTime must be a time of the form yyyy-MM-ddTHH:mm:ssZ, but is \""
                    + (text.length() <= 60 ? text : text.substring(0, 60) + "...") + "\": " + why);
        }

        private static IllegalArgumentException twice(String path) {
            return new IllegalArgumentException(path + " appears twice; a member may appear once");
        }
    }

    private static byte[][] names(String... names) {
        byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            bytes[i] = names[i].getBytes(UTF_8);
        }
        return bytes;
    }

    /** The index in {@code names} of the name whose UTF-8 is {@code bytes[start, end)}, or -1. */
    private static int indexOf(byte[][] names, byte[] bytes, int start, int end) {
        int length = end - start;
        for (int i = 0; i < names.length; i++) {
            byte[] name = names[i];
            if (name.length == length && name[0] == bytes[start] && Arrays.equals(name, 0, length, bytes, start, end)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The index of the first byte of {@code in} at or after {@code from} that ends a run of plain string
     * bytes: a quote, a backslash or a control character; {@code in.length} when there is none. Looks at
     * eight bytes at a time: a byte is flagged by the classic "has a zero byte" bit trick applied to the
     * word XORed with the quote and the backslash, and "has a byte less than 0x20" to the word itself; the
     * lowest flag is always a true one, since borrows only move to higher bytes.
     */
    static int plainRun(byte[] in, int from) {
        int i = from;
        for (int last = in.length - Long.BYTES; i <= last; i += Long.BYTES) {
            long word = (long) LONGS.get(in, i);
            long quotes = word ^ 0x2222_2222_2222_2222L;
            long backslashes = word ^ 0x5c5c_5c5c_5c5c_5c5cL;
            long flags = ((quotes - ONES) & ~quotes)
                    | ((backslashes - ONES) & ~backslashes)
                    | ((word - 0x2020_2020_2020_2020L) & ~word);
            flags &= 0x8080_8080_8080_8080L;
            if (flags != 0) {
                return i + (Long.numberOfTrailingZeros(flags) >>> 3);
            }
        }
        for (; i < in.length; i++) {
            byte b = in[i];
            if (b == '"' || b == '\\' || (b & 0xff) < 0x20) {
                return i;
            }
        }
        return i;
    }
}
