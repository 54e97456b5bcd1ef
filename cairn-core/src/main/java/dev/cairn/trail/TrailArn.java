package dev.cairn.trail;

import static java.util.Objects.requireNonNull;

/**
 * The parts of a trail ARN, {@code arn:<partition>:cloudtrail:<region>:<account>:trail/<name>}.
 *
 * @param partition {@code aws}, {@code aws-cn} or {@code aws-us-gov}
 * @param region the trail's home region
 * @param accountId the owning account, 12 digits
 * @param name the trail's name
 */
public record TrailArn(String partition, String region, String accountId, String name) {
    public TrailArn {
        requireNonNull(partition, "partition is null");
        requireNonNull(region, "region is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(name, "name is null");
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":cloudtrail:" + region + ":" + accountId + ":trail/" + name;
    }
}
