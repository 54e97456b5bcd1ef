/**
 * The embedded {@link dev.cairn.metadata.MetadataStore}: an fsync'd, CRC-framed log of changes in one
 * directory, replayed into memory at open. Start at {@link dev.cairn.metadata.embedded.LogMetadataStore}.
 */
@NullMarked
package dev.cairn.metadata.embedded;

import org.jspecify.annotations.NullMarked;
