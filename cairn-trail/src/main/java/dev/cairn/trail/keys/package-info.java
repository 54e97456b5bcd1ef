/**
 * Digest signing keys kept in owner-only files: {@link dev.cairn.trail.keys.FileSigningKeyStore}, the
 * embedded {@link dev.cairn.signing.SigningKeyStore}, and {@link dev.cairn.trail.keys.PublicKeys}, which
 * turns a Java RSA public key into the PKCS#1 DER and fingerprint that ListPublicKeys and validate-logs use.
 */
@NullMarked
package dev.cairn.trail.keys;

import org.jspecify.annotations.NullMarked;
