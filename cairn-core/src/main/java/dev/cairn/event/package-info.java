/**
 * The CloudTrail event record and its byte-exact JSON codec.
 *
 * <p>{@link dev.cairn.event.AuditEvent} is one record as CloudTrail writes it (eventVersion 1.11), with a
 * typed accessor for every member of the record schema; {@link dev.cairn.event.CloudTrailJson} reads and
 * writes it. A record Cairn builds is written in AWS's canonical member order. A record that was parsed
 * remembers its member order and the members the model does not know, at every object level that is
 * modelled, so that writing it again gives the same bytes as the compact input. Free-form members
 * ({@code requestParameters}, {@code responseElements}, {@code tlsDetails}, ...) are kept as
 * {@link dev.cairn.event.RawJson}: their compact JSON text, untouched.
 */
@NullMarked
package dev.cairn.event;

import org.jspecify.annotations.NullMarked;
