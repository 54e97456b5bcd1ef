package dev.cairn.identity;

/** The kind of principal that signed a call, named as CloudTrail's {@code userIdentity.type} names it. */
public enum PrincipalType {
    ROOT("Root"),
    IAM_USER("IAMUser"),
    ASSUMED_ROLE("AssumedRole"),
    UNKNOWN("Unknown");

    private final String cloudTrailName;

    PrincipalType(String cloudTrailName) {
        this.cloudTrailName = cloudTrailName;
    }

    /** Returns the value CloudTrail writes in {@code userIdentity.type}. */
    public String cloudTrailName() {
        return cloudTrailName;
    }
}
