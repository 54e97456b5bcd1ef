package dev.cairn.server.organizations;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.metadata.MetadataBatch;
import dev.cairn.metadata.MetadataEntry;
import dev.cairn.metadata.MetadataStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The organization's member accounts and create-account requests, kept in the {@link MetadataStore} table
 * {@value #TABLE}: {@code account/<id>} holds a member account, {@code request/<car-id>} a CreateAccount
 * request and how it ended. Values are small JSON objects with a version member {@code v}, so that fields
 * can be added later. The management account is not stored: it is the server's default account.
 */
final class OrgAccounts {
    static final String TABLE = "org_accounts";
    private static final String ACCOUNT = "account/";
    private static final String REQUEST = "request/";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** A member account that CreateAccount made. */
    record Member(String accountId, String name, String email, Instant joined, String requestId) {
        Member {
            requireNonNull(accountId, "accountId is null");
            requireNonNull(name, "name is null");
            requireNonNull(email, "email is null");
            requireNonNull(joined, "joined is null");
            requireNonNull(requestId, "requestId is null");
        }
    }

    /**
     * A CreateAccount request: its state is SUCCEEDED with the new account's id, or FAILED with a reason.
     */
    record Request(
            String id,
            String accountName,
            String state,
            Instant requested,
            Instant completed,
            @Nullable String accountId,
            @Nullable String failureReason) {
        Request {
            requireNonNull(id, "id is null");
            requireNonNull(accountName, "accountName is null");
            requireNonNull(state, "state is null");
            requireNonNull(requested, "requested is null");
            requireNonNull(completed, "completed is null");
        }
    }

    private final MetadataStore store;

    OrgAccounts(MetadataStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    Optional<Member> member(String accountId) {
        return store.get(TABLE, ACCOUNT + accountId).map(OrgAccounts::decodeMember);
    }

    /** Returns the member accounts, ordered by account id. */
    List<Member> members() {
        List<Member> out = new ArrayList<>();
        for (MetadataEntry e : store.list(TABLE, ACCOUNT)) {
            out.add(decodeMember(e.value()));
        }
        return out;
    }

    Optional<Request> request(String id) {
        return store.get(TABLE, REQUEST + id).map(OrgAccounts::decodeRequest);
    }

    /** Stores a request that created {@code member}; fails with a store conflict if either already exists. */
    void addMember(Request request, Member member) {
        store.apply(MetadataBatch.builder()
                .expectAbsent(TABLE, ACCOUNT + member.accountId())
                .expectAbsent(TABLE, REQUEST + request.id())
                .put(TABLE, ACCOUNT + member.accountId(), encode(member))
                .put(TABLE, REQUEST + request.id(), encode(request))
                .build());
    }

    /** Stores a request that failed. */
    void addFailed(Request request) {
        store.apply(MetadataBatch.builder()
                .expectAbsent(TABLE, REQUEST + request.id())
                .put(TABLE, REQUEST + request.id(), encode(request))
                .build());
    }

    // ---- encoding ------------------------------------------------------------------------------

    private static byte[] encode(Member m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", VERSION);
        o.put("accountId", m.accountId());
        o.put("name", m.name());
        o.put("email", m.email());
        o.put("joined", m.joined().toString());
        o.put("requestId", m.requestId());
        return bytes(o);
    }

    private static Member decodeMember(byte[] value) {
        JsonNode o = tree(value);
        return new Member(
                text(o, "accountId"),
                text(o, "name"),
                text(o, "email"),
                Instant.parse(text(o, "joined")),
                text(o, "requestId"));
    }

    private static byte[] encode(Request r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", VERSION);
        o.put("id", r.id());
        o.put("accountName", r.accountName());
        o.put("state", r.state());
        o.put("requested", r.requested().toString());
        o.put("completed", r.completed().toString());
        if (r.accountId() != null) {
            o.put("accountId", r.accountId());
        }
        if (r.failureReason() != null) {
            o.put("failureReason", r.failureReason());
        }
        return bytes(o);
    }

    private static Request decodeRequest(byte[] value) {
        JsonNode o = tree(value);
        return new Request(
                text(o, "id"),
                text(o, "accountName"),
                text(o, "state"),
                Instant.parse(text(o, "requested")),
                Instant.parse(text(o, "completed")),
                o.path("accountId").asText(null),
                o.path("failureReason").asText(null));
    }

    private static byte[] bytes(ObjectNode o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode an organizations record", e);
        }
    }

    private static JsonNode tree(byte[] value) {
        try {
            JsonNode o = JSON.readTree(value);
            if (o == null || !o.isObject()) {
                throw new IllegalStateException("an organizations record is not a JSON object");
            }
            if (o.path("v").asInt() != VERSION) {
                throw new IllegalStateException("unknown organizations record version " + o.path("v"));
            }
            return o;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode an organizations record", e);
        }
    }

    private static String text(JsonNode o, String member) {
        JsonNode v = o.get(member);
        if (v == null || !v.isTextual()) {
            throw new IllegalStateException("an organizations record lacks " + member);
        }
        return v.asText();
    }
}
