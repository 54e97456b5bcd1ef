package dev.cairn.identity;

import static dev.cairn.identity.IdentityException.Reason.DELETE_CONFLICT;
import static dev.cairn.identity.IdentityException.Reason.ENTITY_ALREADY_EXISTS;
import static dev.cairn.identity.IdentityException.Reason.LIMIT_EXCEEDED;
import static dev.cairn.identity.IdentityException.Reason.NO_SUCH_ENTITY;
import static java.util.Objects.requireNonNull;

import dev.cairn.metadata.MetadataBatch;
import dev.cairn.metadata.MetadataConflictException;
import dev.cairn.metadata.MetadataEntry;
import dev.cairn.metadata.MetadataStore;
import dev.cairn.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The identities Cairn knows: IAM users, their access keys, roles, and the temporary credentials STS has
 * issued, kept in a {@link MetadataStore} so that they survive restarts.
 *
 * <p>Notes: IAM names are unique without regard to case ("Alice" and "alice" are the same user), so keys
 * of the users and roles tables use the lower-cased name while records keep the name as given. Mutations
 * are serialized by this object's monitor and also guarded by store conditions. Lookups of access keys,
 * which every signed call makes, decode the stored record each time: a cache would have to follow
 * transactions that commit or drop their changes after the lookup.
 */
public final class IdentityDirectory {
    /** The most access keys one IAM user may have, as in IAM. */
    public static final int MAX_KEYS_PER_USER = 2;

    static final String USERS = "iam_users";
    static final String ROLES = "iam_roles";
    static final String KEYS = "access_keys";
    static final String USER_KEYS = "iam_user_keys";

    private final MetadataStore store;
    private final Clock clock;
    private final IdGenerator ids;

    public IdentityDirectory(MetadataStore store, Clock clock, IdGenerator ids) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
    }

    // ---- access keys: the hot path -------------------------------------------------------------

    /** Returns the key with this id, active or not, expired or not. */
    public Optional<AccessKey> findKey(String accessKeyId) {
        return store.get(KEYS, accessKeyId).map(b -> decodeKey(FlatRecord.decode(b)));
    }

    /** Returns the principal that signs with {@code key}. */
    public Caller callerOf(AccessKey key) {
        String account = key.accountId();
        return switch (key.ownerType()) {
            case ROOT ->
                new Caller(
                        PrincipalType.ROOT,
                        account,
                        "arn:aws:iam::" + account + ":root",
                        account,
                        null,
                        key.accessKeyId(),
                        session(key, null, null, null, null));
            case IAM_USER -> {
                String arn = "arn:aws:iam::" + account + ":user" + pathOrRoot(key.ownerPath()) + key.ownerName();
                yield new Caller(
                        PrincipalType.IAM_USER,
                        account,
                        arn,
                        key.ownerId(),
                        key.ownerName(),
                        key.accessKeyId(),
                        session(key, null, null, null, null));
            }
            case ASSUMED_ROLE -> {
                String roleArn = "arn:aws:iam::" + account + ":role" + pathOrRoot(key.ownerPath()) + key.ownerName();
                String arn = "arn:aws:sts::" + account + ":assumed-role/" + key.ownerName() + "/" + key.sessionName();
                yield new Caller(
                        PrincipalType.ASSUMED_ROLE,
                        account,
                        arn,
                        key.ownerId() + ":" + key.sessionName(),
                        key.ownerName(),
                        key.accessKeyId(),
                        session(key, "Role", key.ownerId(), roleArn, key.ownerName()));
            }
            case UNKNOWN -> throw new IllegalStateException("key " + key.accessKeyId() + " has no owner type");
        };
    }

    private static Caller.@Nullable Session session(
            AccessKey key,
            @Nullable String issuerType,
            @Nullable String issuerId,
            @Nullable String issuerArn,
            @Nullable String issuerName) {
        if (!key.temporary() || key.expiration() == null) {
            return null;
        }
        return new Caller.Session(key.createDate(), key.expiration(), issuerType, issuerId, issuerArn, issuerName);
    }

    // ---- users ---------------------------------------------------------------------------------

    public synchronized IamUser createUser(String accountId, String userName, @Nullable String path) {
        IamUser user = new IamUser(accountId, userName, ids.uniqueId("AIDA"), pathOrRoot(path), now());
        try {
            store.apply(MetadataBatch.builder()
                    .expectAbsent(USERS, entityKey(accountId, userName))
                    .put(USERS, entityKey(accountId, userName), encodeUser(user))
                    .build());
        } catch (MetadataConflictException e) {
            throw new IdentityException(ENTITY_ALREADY_EXISTS, "User with name " + userName + " already exists.");
        }
        return user;
    }

    public Optional<IamUser> findUser(String accountId, String userName) {
        return store.get(USERS, entityKey(accountId, userName)).map(b -> decodeUser(FlatRecord.decode(b)));
    }

    public IamUser getUser(String accountId, String userName) {
        return findUser(accountId, userName).orElseThrow(() -> noSuchUser(userName));
    }

    /** Returns the account's users whose path starts with {@code pathPrefix}, ordered by name. */
    public List<IamUser> listUsers(String accountId, String pathPrefix) {
        List<IamUser> users = new ArrayList<>();
        for (MetadataEntry e : store.list(USERS, accountId + "/")) {
            IamUser user = decodeUser(FlatRecord.decode(e.value()));
            if (user.path().startsWith(pathPrefix)) {
                users.add(user);
            }
        }
        return users;
    }

    public synchronized void deleteUser(String accountId, String userName) {
        IamUser user = getUser(accountId, userName);
        if (!store.list(USER_KEYS, entityKey(accountId, userName) + "/").isEmpty()) {
            throw new IdentityException(DELETE_CONFLICT, "Cannot delete entity, must delete access keys first.");
        }
        store.apply(MetadataBatch.builder()
                .expectPresent(USERS, entityKey(accountId, user.userName()))
                .delete(USERS, entityKey(accountId, user.userName()))
                .build());
    }

    // ---- long-term access keys -----------------------------------------------------------------

    /** Creates an active {@code AKIA…} key for the user; at most {@value #MAX_KEYS_PER_USER} per user. */
    public synchronized AccessKey createAccessKey(String accountId, String userName) {
        IamUser user = getUser(accountId, userName);
        String prefix = entityKey(accountId, userName) + "/";
        if (store.list(USER_KEYS, prefix).size() >= MAX_KEYS_PER_USER) {
            throw new IdentityException(
                    LIMIT_EXCEEDED, "Cannot exceed quota for AccessKeysPerUser: " + MAX_KEYS_PER_USER);
        }
        AccessKey key = new AccessKey(
                ids.accessKeyId("AKIA"),
                ids.secretAccessKey(),
                AccessKey.Status.Active,
                now(),
                PrincipalType.IAM_USER,
                accountId,
                user.userName(),
                user.userId(),
                user.path(),
                null,
                null,
                null);
        store.apply(MetadataBatch.builder()
                .expectPresent(USERS, entityKey(accountId, userName))
                .expectAbsent(KEYS, key.accessKeyId())
                .put(KEYS, key.accessKeyId(), encodeKey(key))
                .put(USER_KEYS, prefix + key.accessKeyId(), new byte[0])
                .build());
        return key;
    }

    /**
     * Stores a long-term key with a given id and secret for the user, as the first start does for the
     * admin credentials it writes to disk.
     */
    public synchronized AccessKey importAccessKey(
            String accountId, String userName, String accessKeyId, String secret) {
        IamUser user = getUser(accountId, userName);
        AccessKey key = new AccessKey(
                accessKeyId,
                secret,
                AccessKey.Status.Active,
                now(),
                PrincipalType.IAM_USER,
                accountId,
                user.userName(),
                user.userId(),
                user.path(),
                null,
                null,
                null);
        store.apply(MetadataBatch.builder()
                .expectAbsent(KEYS, accessKeyId)
                .put(KEYS, accessKeyId, encodeKey(key))
                .put(USER_KEYS, entityKey(accountId, userName) + "/" + accessKeyId, new byte[0])
                .build());
        return key;
    }

    /** Returns the user's long-term keys, ordered by key id. */
    public List<AccessKey> listAccessKeys(String accountId, String userName) {
        getUser(accountId, userName);
        List<AccessKey> keys = new ArrayList<>();
        for (MetadataEntry e : store.list(USER_KEYS, entityKey(accountId, userName) + "/")) {
            String id = e.key().substring(e.key().lastIndexOf('/') + 1);
            findKey(id).ifPresent(keys::add);
        }
        return keys;
    }

    public synchronized void updateAccessKey(
            String accountId, String userName, String accessKeyId, AccessKey.Status status) {
        AccessKey key = ownedKey(accountId, userName, accessKeyId);
        store.apply(MetadataBatch.builder()
                .expectPresent(KEYS, accessKeyId)
                .put(KEYS, accessKeyId, encodeKey(key.withStatus(status)))
                .build());
    }

    public synchronized void deleteAccessKey(String accountId, String userName, String accessKeyId) {
        ownedKey(accountId, userName, accessKeyId);
        store.apply(MetadataBatch.builder()
                .delete(KEYS, accessKeyId)
                .delete(USER_KEYS, entityKey(accountId, userName) + "/" + accessKeyId)
                .build());
    }

    private AccessKey ownedKey(String accountId, String userName, String accessKeyId) {
        getUser(accountId, userName);
        return findKey(accessKeyId)
                .filter(k ->
                        !k.temporary() && k.accountId().equals(accountId) && userName.equalsIgnoreCase(k.ownerName()))
                .orElseThrow(() -> new IdentityException(
                        NO_SUCH_ENTITY, "The Access Key with id " + accessKeyId + " cannot be found."));
    }

    // ---- roles ---------------------------------------------------------------------------------

    public synchronized IamRole createRole(
            String accountId,
            String roleName,
            @Nullable String path,
            String assumeRolePolicyDocument,
            @Nullable String description,
            int maxSessionDurationSeconds) {
        IamRole role = new IamRole(
                accountId,
                roleName,
                ids.uniqueId("AROA"),
                pathOrRoot(path),
                assumeRolePolicyDocument,
                description,
                maxSessionDurationSeconds,
                now());
        try {
            store.apply(MetadataBatch.builder()
                    .expectAbsent(ROLES, entityKey(accountId, roleName))
                    .put(ROLES, entityKey(accountId, roleName), encodeRole(role))
                    .build());
        } catch (MetadataConflictException e) {
            throw new IdentityException(ENTITY_ALREADY_EXISTS, "Role with name " + roleName + " already exists.");
        }
        return role;
    }

    public Optional<IamRole> findRole(String accountId, String roleName) {
        return store.get(ROLES, entityKey(accountId, roleName)).map(b -> decodeRole(FlatRecord.decode(b)));
    }

    public IamRole getRole(String accountId, String roleName) {
        return findRole(accountId, roleName)
                .orElseThrow(() ->
                        new IdentityException(NO_SUCH_ENTITY, "The role with name " + roleName + " cannot be found."));
    }

    public List<IamRole> listRoles(String accountId, String pathPrefix) {
        List<IamRole> roles = new ArrayList<>();
        for (MetadataEntry e : store.list(ROLES, accountId + "/")) {
            IamRole role = decodeRole(FlatRecord.decode(e.value()));
            if (role.path().startsWith(pathPrefix)) {
                roles.add(role);
            }
        }
        return roles;
    }

    public synchronized void deleteRole(String accountId, String roleName) {
        getRole(accountId, roleName);
        store.apply(MetadataBatch.builder()
                .delete(ROLES, entityKey(accountId, roleName))
                .build());
    }

    // ---- temporary credentials -----------------------------------------------------------------

    /** Issues {@code ASIA…} credentials for a session of {@code role}, valid for {@code duration}. */
    public AccessKey issueRoleSession(IamRole role, String sessionName, Duration duration) {
        return storeTemporary(new AccessKey(
                ids.accessKeyId("ASIA"),
                ids.secretAccessKey(),
                AccessKey.Status.Active,
                now(),
                PrincipalType.ASSUMED_ROLE,
                role.accountId(),
                role.roleName(),
                role.roleId(),
                role.path(),
                sessionName,
                ids.sessionToken(),
                now().plus(duration)));
    }

    /** Issues {@code ASIA…} credentials that sign as {@code caller} itself (STS GetSessionToken). */
    public AccessKey issueSessionToken(Caller caller, @Nullable String ownerPath, Duration duration) {
        return storeTemporary(new AccessKey(
                ids.accessKeyId("ASIA"),
                ids.secretAccessKey(),
                AccessKey.Status.Active,
                now(),
                caller.type(),
                caller.accountId(),
                caller.userName(),
                caller.principalId(),
                ownerPath,
                null,
                ids.sessionToken(),
                now().plus(duration)));
    }

    private AccessKey storeTemporary(AccessKey key) {
        store.apply(MetadataBatch.builder()
                .expectAbsent(KEYS, key.accessKeyId())
                .put(KEYS, key.accessKeyId(), encodeKey(key))
                .build());
        return key;
    }

    /** Deletes temporary keys that expired before {@code cutoff}; returns how many. */
    public synchronized int purgeExpired(Instant cutoff) {
        MetadataBatch.Builder batch = MetadataBatch.builder();
        int n = 0;
        for (MetadataEntry e : store.list(KEYS, "ASIA")) {
            AccessKey key = decodeKey(FlatRecord.decode(e.value()));
            if (key.expiration() != null && key.expiration().isBefore(cutoff)) {
                batch.delete(KEYS, key.accessKeyId());
                n++;
            }
        }
        if (n > 0) {
            store.apply(batch.build());
        }
        return n;
    }

    // ---- encoding ------------------------------------------------------------------------------

    private Instant now() {
        return clock.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String pathOrRoot(@Nullable String path) {
        return path == null || path.isEmpty() ? "/" : path;
    }

    static String entityKey(String accountId, String name) {
        return accountId + "/" + name.toLowerCase(Locale.ROOT);
    }

    private static IdentityException noSuchUser(String userName) {
        return new IdentityException(NO_SUCH_ENTITY, "The user with name " + userName + " cannot be found.");
    }

    private static byte[] encodeUser(IamUser u) {
        Map<String, @Nullable String> m = new LinkedHashMap<>();
        m.put("account", u.accountId());
        m.put("name", u.userName());
        m.put("id", u.userId());
        m.put("path", u.path());
        m.put("created", u.createDate().toString());
        return FlatRecord.encode(m);
    }

    private static IamUser decodeUser(Map<String, String> m) {
        return new IamUser(
                m.get("account"), m.get("name"), m.get("id"), m.get("path"), Instant.parse(m.get("created")));
    }

    private static byte[] encodeRole(IamRole r) {
        Map<String, @Nullable String> m = new LinkedHashMap<>();
        m.put("account", r.accountId());
        m.put("name", r.roleName());
        m.put("id", r.roleId());
        m.put("path", r.path());
        m.put("trust", r.assumeRolePolicyDocument());
        m.put("description", r.description());
        m.put("maxSession", Integer.toString(r.maxSessionDurationSeconds()));
        m.put("created", r.createDate().toString());
        return FlatRecord.encode(m);
    }

    private static IamRole decodeRole(Map<String, String> m) {
        return new IamRole(
                m.get("account"),
                m.get("name"),
                m.get("id"),
                m.get("path"),
                m.get("trust"),
                m.get("description"),
                Integer.parseInt(m.get("maxSession")),
                Instant.parse(m.get("created")));
    }

    private static byte[] encodeKey(AccessKey k) {
        Map<String, @Nullable String> m = new LinkedHashMap<>();
        m.put("id", k.accessKeyId());
        m.put("secret", k.secretAccessKey());
        m.put("status", k.status().name());
        m.put("created", k.createDate().toString());
        m.put("ownerType", k.ownerType().name());
        m.put("account", k.accountId());
        m.put("ownerName", k.ownerName());
        m.put("ownerId", k.ownerId());
        m.put("ownerPath", k.ownerPath());
        m.put("session", k.sessionName());
        m.put("token", k.sessionToken());
        m.put("expires", k.expiration() == null ? null : k.expiration().toString());
        return FlatRecord.encode(m);
    }

    private static AccessKey decodeKey(Map<String, String> m) {
        String expires = m.get("expires");
        return new AccessKey(
                m.get("id"),
                m.get("secret"),
                AccessKey.Status.valueOf(m.get("status")),
                Instant.parse(m.get("created")),
                PrincipalType.valueOf(m.get("ownerType")),
                m.get("account"),
                m.get("ownerName"),
                m.get("ownerId"),
                m.get("ownerPath"),
                m.get("session"),
                m.get("token"),
                expires == null ? null : Instant.parse(expires));
    }
}
