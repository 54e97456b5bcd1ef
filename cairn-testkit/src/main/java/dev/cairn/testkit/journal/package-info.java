/** The compatibility kit of {@link dev.cairn.journal.Journal} and a hand-written in-memory fake. */
@NullMarked
package dev.cairn.testkit.journal;

import org.jspecify.annotations.NullMarked;
