/**
 * The signing-key port: the per-region RSA key pairs that sign digest files, and the public keys that
 * ListPublicKeys hands out so that anyone can verify them. Start at {@link
 * dev.cairn.signing.SigningKeyStore}.
 */
@NullMarked
package dev.cairn.signing;

import org.jspecify.annotations.NullMarked;
