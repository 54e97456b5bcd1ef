package dev.cairn.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.testkit.metadata.InMemoryMetadataStore;
import dev.cairn.testkit.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdentityDirectoryTest {
    private static final String ACCOUNT = "123456789012";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryMetadataStore store = new InMemoryMetadataStore();
    private final IdentityDirectory directory = new IdentityDirectory(store, clock, new IdGenerator());

    @Test
    void userNamesAreUniqueWithoutRegardToCase() {
        directory.createUser(ACCOUNT, "Alice", null);
        assertThatThrownBy(() -> directory.createUser(ACCOUNT, "alice", null))
                .isInstanceOfSatisfying(IdentityException.class, e -> {
                    assertThat(e.reason()).isEqualTo(IdentityException.Reason.ENTITY_ALREADY_EXISTS);
                    assertThat(e.getMessage()).isEqualTo("User with name alice already exists.");
                });
        assertThat(directory.getUser(ACCOUNT, "ALICE").userName()).isEqualTo("Alice");
    }

    @Test
    void usersOfOtherAccountsAreInvisible() {
        directory.createUser(ACCOUNT, "bob", null);
        assertThat(directory.findUser("210987654321", "bob")).isEmpty();
        assertThat(directory.listUsers("210987654321", "/")).isEmpty();
    }

    @Test
    void aNewUserHasAnAidaIdAndAnArnWithItsPath() {
        IamUser user = directory.createUser(ACCOUNT, "carol", "/team/");
        assertThat(user.userId()).startsWith("AIDA").hasSize(21);
        assertThat(user.arn()).isEqualTo("arn:aws:iam::123456789012:user/team/carol");
    }

    @Test
    void aUserHasAtMostTwoKeys() {
        directory.createUser(ACCOUNT, "dave", null);
        AccessKey first = directory.createAccessKey(ACCOUNT, "dave");
        directory.createAccessKey(ACCOUNT, "dave");
        assertThat(first.accessKeyId()).startsWith("AKIA").hasSize(20);
        assertThat(first.secretAccessKey()).hasSize(40);
        assertThatThrownBy(() -> directory.createAccessKey(ACCOUNT, "dave"))
                .hasMessage("Cannot exceed quota for AccessKeysPerUser: 2");
    }

    @Test
    void aUserWithKeysCannotBeDeleted() {
        directory.createUser(ACCOUNT, "erin", null);
        AccessKey key = directory.createAccessKey(ACCOUNT, "erin");
        assertThatThrownBy(() -> directory.deleteUser(ACCOUNT, "erin"))
                .isInstanceOfSatisfying(
                        IdentityException.class,
                        e -> assertThat(e.reason()).isEqualTo(IdentityException.Reason.DELETE_CONFLICT));
        directory.deleteAccessKey(ACCOUNT, "erin", key.accessKeyId());
        directory.deleteUser(ACCOUNT, "erin");
        assertThat(directory.findUser(ACCOUNT, "erin")).isEmpty();
        assertThat(directory.findKey(key.accessKeyId())).isEmpty();
    }

    @Test
    void deactivatingAKeyIsSeenByTheNextLookup() {
        directory.createUser(ACCOUNT, "frank", null);
        AccessKey key = directory.createAccessKey(ACCOUNT, "frank");
        assertThat(directory.findKey(key.accessKeyId()).orElseThrow().status()).isEqualTo(AccessKey.Status.Active);
        directory.updateAccessKey(ACCOUNT, "frank", key.accessKeyId(), AccessKey.Status.Inactive);
        assertThat(directory.findKey(key.accessKeyId()).orElseThrow().status()).isEqualTo(AccessKey.Status.Inactive);
    }

    @Test
    void anotherUsersKeyCannotBeChanged() {
        directory.createUser(ACCOUNT, "gina", null);
        directory.createUser(ACCOUNT, "hank", null);
        AccessKey key = directory.createAccessKey(ACCOUNT, "gina");
        assertThatThrownBy(() -> directory.deleteAccessKey(ACCOUNT, "hank", key.accessKeyId()))
                .hasMessage("The Access Key with id " + key.accessKeyId() + " cannot be found.");
    }

    @Test
    void anAssumedRoleSessionSignsAsTheRoleSession() {
        IamRole role = directory.createRole(ACCOUNT, "Deployer", "/ci/", "{\"Statement\":[]}", null, 3600);
        AccessKey key = directory.issueRoleSession(role, "build-7", Duration.ofMinutes(15));
        Caller caller = directory.callerOf(key);
        assertThat(key.accessKeyId()).startsWith("ASIA");
        assertThat(key.expiration()).isEqualTo(Instant.parse("2026-11-23T10:15:00Z"));
        assertThat(caller.type()).isEqualTo(PrincipalType.ASSUMED_ROLE);
        assertThat(caller.arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/Deployer/build-7");
        assertThat(caller.principalId()).isEqualTo(role.roleId() + ":build-7");
        assertThat(caller.session()).isNotNull();
        assertThat(caller.session().issuerArn()).isEqualTo("arn:aws:iam::123456789012:role/ci/Deployer");
    }

    @Test
    void expiredTemporaryKeysArePurged() {
        IamRole role = directory.createRole(ACCOUNT, "R", null, "{\"Statement\":[]}", null, 3600);
        AccessKey key = directory.issueRoleSession(role, "s", Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(16));
        assertThat(directory.purgeExpired(clock.now())).isEqualTo(1);
        assertThat(directory.findKey(key.accessKeyId())).isEmpty();
    }

    @Test
    void secretsNeverAppearInAKeysText() {
        directory.createUser(ACCOUNT, "ivy", null);
        AccessKey key = directory.createAccessKey(ACCOUNT, "ivy");
        assertThat(key.toString()).doesNotContain(key.secretAccessKey());
    }
}
