package dev.cairn.server.recording;

import dev.cairn.event.RawJson;
import dev.cairn.event.SessionAttributes;
import dev.cairn.event.SessionContext;
import dev.cairn.event.SessionIssuer;
import dev.cairn.event.UserIdentity;
import dev.cairn.identity.Caller;
import dev.cairn.identity.PrincipalType;

/** Builds an event's {@code userIdentity} from the principal that signed the call, in CloudTrail's shape. */
final class UserIdentities {
    /** The identity type of a principal of another account, in that principal's copy for a resource owner. */
    static final String AWS_ACCOUNT = "AWSAccount";

    private UserIdentities() {}

    /** Returns the full identity of an authenticated caller: Root, IAMUser or AssumedRole. */
    static UserIdentity of(Caller caller) {
        UserIdentity.Builder id = UserIdentity.builder()
                .type(caller.type().cloudTrailName())
                .principalId(caller.principalId())
                .arn(caller.arn())
                .accountId(caller.accountId())
                .accessKeyId(caller.accessKeyId());
        if (caller.type() == PrincipalType.IAM_USER) {
            id.userName(caller.userName());
        }
        Caller.Session session = caller.session();
        if (session != null) {
            SessionContext.Builder context = SessionContext.builder();
            if (session.issuerType() != null) {
                context.sessionIssuer(SessionIssuer.builder()
                                .type(session.issuerType())
                                .principalId(session.issuerPrincipalId())
                                .arn(session.issuerArn())
                                .accountId(caller.accountId())
                                .userName(session.issuerUserName())
                                .build())
                        .webIdFederationData(RawJson.EMPTY_OBJECT);
            }
            context.attributes(SessionAttributes.of(session.issuedAt(), false));
            id.sessionContext(context.build());
        }
        return id.build();
    }

    /**
     * Returns the identity of a call refused at authentication: the owner of the claimed key when it
     * exists (without a session, since none was proven), else type Unknown with the claimed key alone.
     */
    static UserIdentity claimed(String accessKeyId, Caller owner) {
        return UserIdentity.builder()
                .type(owner.type().cloudTrailName())
                .principalId(owner.principalId())
                .arn(owner.arn())
                .accountId(owner.accountId())
                .accessKeyId(accessKeyId)
                .userName(owner.type() == PrincipalType.IAM_USER ? owner.userName() : null)
                .build();
    }

    /**
     * Returns the caller as another account's copy of a cross-account event names it: type
     * {@code AWSAccount} with the caller's principal ID and account, and nothing more (no ARN, key or
     * session), as AWS shows a principal of another account to the owner of the resource it acted on.
     */
    static UserIdentity otherAccount(Caller caller) {
        return UserIdentity.builder()
                .type(AWS_ACCOUNT)
                .principalId(caller.principalId())
                .accountId(caller.accountId())
                .build();
    }

    static UserIdentity unknown(String accessKeyId) {
        return UserIdentity.builder()
                .type(PrincipalType.UNKNOWN.cloudTrailName())
                .accessKeyId(accessKeyId)
                .build();
    }
}
