/**
 * The journal port: the durable, append-only record of every event, written before a call is answered
 * and read by consumers that keep their own positions. Start at {@link dev.cairn.journal.Journal}.
 */
@NullMarked
package dev.cairn.journal;

import org.jspecify.annotations.NullMarked;
