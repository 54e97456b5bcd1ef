package dev.cairn.server;

/** How strictly the edge checks SigV4 signatures. */
public enum AuthMode {
    /** Every call must be signed by a known, active key with the right secret, as AWS requires. */
    STRICT,
    /**
     * Any well-formed signature from any key is accepted, for local testing as with moto. A known key still
     * maps to its identity; an unknown one to an IAM user named after the key in the default account.
     */
    OPEN
}
