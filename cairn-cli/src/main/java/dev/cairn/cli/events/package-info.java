/**
 * {@code cairn events lookup} and {@code cairn events export}: event history read from a running Cairn over
 * HTTP with CloudTrail's LookupEvents, signed with SigV4 as any AWS client signs it.
 */
@NullMarked
package dev.cairn.cli.events;

import org.jspecify.annotations.NullMarked;
