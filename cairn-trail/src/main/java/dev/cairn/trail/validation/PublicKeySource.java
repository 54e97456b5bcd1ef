package dev.cairn.trail.validation;

import dev.cairn.signing.PublicKeyInfo;
import java.time.Instant;
import java.util.List;

/**
 * Where a validation finds the public keys that digests name by fingerprint: CloudTrail's ListPublicKeys,
 * or a {@link dev.cairn.signing.SigningKeyStore} read directly ({@code store::publicKeys}).
 */
@FunctionalInterface
public interface PublicKeySource {

    /**
     * Returns the public keys of {@code region} whose validity overlaps {@code [from, to]}; an empty list when
     * there are none.
     *
     * @throws ValidationException when the keys cannot be read, which ends the validation
     */
    List<PublicKeyInfo> publicKeys(String region, Instant from, Instant to);
}
