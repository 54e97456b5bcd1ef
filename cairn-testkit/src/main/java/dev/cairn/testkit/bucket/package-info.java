/** The compatibility kit of {@link dev.cairn.bucket.ObjectStore} and a hand-written in-memory fake. */
@NullMarked
package dev.cairn.testkit.bucket;

import org.jspecify.annotations.NullMarked;
