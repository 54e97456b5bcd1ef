/** The compatibility kit of {@link dev.cairn.history.EventStore} and a hand-written in-memory fake. */
@NullMarked
package dev.cairn.testkit.history;

import org.jspecify.annotations.NullMarked;
