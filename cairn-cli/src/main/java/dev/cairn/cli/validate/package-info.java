/**
 * {@code cairn validate-logs}: the integrity check of a trail's delivered files, run on the data directory of
 * a stopped server or through a running one. The checks are in {@link dev.cairn.trail.validation}.
 */
@NullMarked
package dev.cairn.cli.validate;

import org.jspecify.annotations.NullMarked;
