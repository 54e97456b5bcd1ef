/**
 * Digest files, the tamper evidence of a trail: every hour, per trail, account and source region, a signed
 * JSON file listing the log files delivered in that hour with their SHA-256, chained to the previous digest.
 * Start at {@link dev.cairn.trail.digest.DigestWriter}; {@link dev.cairn.trail.digest.LogFileKeys} and
 * {@link dev.cairn.trail.digest.DigestKeys} name the objects the way {@code aws cloudtrail validate-logs}
 * expects.
 */
@NullMarked
package dev.cairn.trail.digest;

import org.jspecify.annotations.NullMarked;
