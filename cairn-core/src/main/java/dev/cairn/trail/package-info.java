/**
 * Trails: the configuration by which events are delivered continuously to a bucket as CloudTrail log
 * files, with signed digest files. Start at {@link dev.cairn.trail.Trail}; delivery reads trails through
 * {@link dev.cairn.trail.TrailCatalog} and reports through {@link dev.cairn.trail.DeliveryStatusBoard}.
 */
@NullMarked
package dev.cairn.trail;

import org.jspecify.annotations.NullMarked;
