/** The compatibility kit of {@link dev.cairn.metadata.MetadataStore} and a hand-written in-memory fake. */
@NullMarked
package dev.cairn.testkit.metadata;

import org.jspecify.annotations.NullMarked;
