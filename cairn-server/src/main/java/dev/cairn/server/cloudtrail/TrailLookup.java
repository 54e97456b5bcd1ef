package dev.cairn.server.cloudtrail;

import static java.util.Objects.requireNonNull;

import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.operation.Call;
import dev.cairn.trail.Trail;
import dev.cairn.trail.TrailArn;
import dev.cairn.trail.TrailNames;
import dev.cairn.trail.TrailRepository;
import java.util.Optional;

/**
 * Finds the trail a call names, by name or by ARN, as CloudTrail resolves them: a name means a trail of the
 * caller's account created in the call's region; an ARN may also name a trail created elsewhere.
 *
 * <p>Reading calls see a trail from every region it collects events of: its home region, and every region
 * when it is multi-region (there it is a "shadow trail", reachable by ARN only). Changing calls must be made
 * in the trail's home region, else InvalidHomeRegionException.
 */
final class TrailLookup {
    private final TrailRepository trails;

    TrailLookup(TrailRepository trails) {
        this.trails = requireNonNull(trails, "trails is null");
    }

    /** Returns the trail a reading call names in {@code member}. */
    Trail visible(Call call, String member) {
        return resolve(call, call.input().requiredString(member), false, false);
    }

    /**
     * Returns the trail a reading call names in {@code member}; a name that is not found is reported as the
     * ARN it would have, as GetTrailStatus reports it.
     */
    Trail visibleReportingArn(Call call, String member) {
        return resolve(call, call.input().requiredString(member), false, true);
    }

    /** Returns the trail a changing call names in {@code member}, which must have been created in its region. */
    Trail owned(Call call, String member) {
        return resolve(call, call.input().requiredString(member), true, false);
    }

    /** Returns the trail {@code nameOrArn} names for a reading call, or empty when there is none. */
    Optional<Trail> find(Call call, String nameOrArn) {
        try {
            return Optional.of(resolve(call, nameOrArn, false, false));
        } catch (AwsException e) {
            if (e.code().equals(CloudTrailError.TRAIL_NOT_FOUND.code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Trail resolve(Call call, String nameOrArn, boolean changing, boolean arnInNotFound) {
        String account = call.accountId();
        String region = call.region();
        if (TrailNames.isArn(nameOrArn)) {
            TrailArn arn = parseArn(nameOrArn);
            Trail trail = (arn.accountId().equals(account)
                            ? trails.find(account, arn.region(), arn.name())
                            : Optional.<Trail>empty())
                    .orElseThrow(() -> notFound(nameOrArn, account));
            if (changing && !trail.homeRegion().equals(region)) {
                throw CloudTrailError.INVALID_HOME_REGION.withMessage("The trail " + trail.arn()
                        + " was created in " + trail.homeRegion()
                        + " and can be changed only from that region, not from "
                        + region + ".");
            }
            if (!changing && !trail.coversRegion(region)) {
                throw notFound(nameOrArn, account);
            }
            return trail;
        }
        checkName(nameOrArn);
        return trails.find(account, region, nameOrArn)
                .orElseThrow(() -> notFound(
                        arnInNotFound ? new TrailArn("aws", region, account, nameOrArn).toString() : nameOrArn,
                        account));
    }

    /** Returns the parts of a trail ARN, or fails with CloudTrailARNInvalidException. */
    static TrailArn parseArn(String arn) {
        TrailArn parsed = TrailNames.parseArn(arn);
        if (parsed == null) {
            throw CloudTrailError.TRAIL_ARN_INVALID.withMessage("Invalid trail ARN: " + arn
                    + ". The format of a trail ARN is arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail.");
        }
        return parsed;
    }

    /** Checks a trail name against CloudTrail's rules, failing with InvalidTrailNameException. */
    static void checkName(String name) {
        String violation = TrailNames.violation(name);
        if (violation != null) {
            throw CloudTrailError.INVALID_TRAIL_NAME.withMessage(violation);
        }
    }

    static AwsException notFound(String nameOrArn, String account) {
        return CloudTrailError.TRAIL_NOT_FOUND.withMessage("Unknown trail: " + nameOrArn + " for the user: " + account);
    }
}
