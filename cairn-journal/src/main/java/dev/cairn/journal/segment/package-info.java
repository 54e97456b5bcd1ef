/**
 * The embedded {@link dev.cairn.journal.Journal}: a directory of segment files holding CRC-framed
 * records, made durable by a group commit that shares each fsync among many appends. Start at
 * {@link dev.cairn.journal.segment.SegmentJournal}.
 */
@NullMarked
package dev.cairn.journal.segment;

import org.jspecify.annotations.NullMarked;
