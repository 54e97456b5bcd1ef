/**
 * Offline validation of a trail's delivered files, as {@code aws cloudtrail validate-logs} does it, plus two
 * checks it lacks: log files that no digest lists, and a {@code previousDigestHashValue} that does not match
 * the previous digest. Start at {@link dev.cairn.trail.validation.LogValidator}.
 */
@NullMarked
package dev.cairn.trail.validation;

import org.jspecify.annotations.NullMarked;
