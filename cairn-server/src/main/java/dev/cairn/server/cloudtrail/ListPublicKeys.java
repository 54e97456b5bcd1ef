package dev.cairn.server.cloudtrail;

import static dev.cairn.server.cloudtrail.TrailWire.NODES;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.protocol.operation.Call;
import dev.cairn.signing.PublicKeyInfo;
import dev.cairn.signing.SigningKeyStore;
import java.time.Instant;
import java.util.Base64;

/**
 * CloudTrail's ListPublicKeys: the public keys of the call's region whose validity overlaps {@code
 * [StartTime, EndTime]}, each either given as epoch seconds or ISO-8601 and the current time when absent.
 * {@code Value} is the base64 of the key's PKCS#1 DER, which is what validate-logs decodes.
 *
 * <p>Notes: a range reaching the present makes sure the region's current key exists first, so that a
 * region that has not signed a digest yet still answers with the key its first digest will be signed with,
 * as AWS always has a key. {@code NextToken} is "reserved for future use" by AWS and ignored.
 */
final class ListPublicKeys {
    private final SigningKeyStore keys;

    ListPublicKeys(SigningKeyStore keys) {
        this.keys = requireNonNull(keys, "keys is null");
    }

    ObjectNode handle(Call call) {
        ObjectNode in = call.input().members();
        Instant now = call.time();
        Instant start = LookupEvents.time(in.get("StartTime"), "StartTime");
        Instant end = LookupEvents.time(in.get("EndTime"), "EndTime");
        Instant from = start == null ? now : start;
        Instant to = end == null ? now : end;
        if (from.isAfter(to)) {
            throw CloudTrailError.INVALID_TIME_RANGE.withMessage("StartTime " + from + " is after EndTime " + to
                    + "; the start of the range must be at or before its end.");
        }
        if (!from.isAfter(now) && !to.isBefore(now)) {
            keys.current(call.region(), now);
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("PublicKeyList");
        for (PublicKeyInfo key : keys.publicKeys(call.region(), from, to)) {
            ObjectNode k = list.addObject();
            k.put("Value", Base64.getEncoder().encodeToString(key.pkcs1Der()));
            k.put("ValidityStartTime", TrailWire.epoch(key.validityStart()));
            k.put("ValidityEndTime", TrailWire.epoch(key.validityEnd()));
            k.put("Fingerprint", key.fingerprint());
        }
        return out;
    }
}
