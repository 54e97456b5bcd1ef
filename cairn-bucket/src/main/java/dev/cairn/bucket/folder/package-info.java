/** The embedded object store: each bucket a folder. */
@NullMarked
package dev.cairn.bucket.folder;

import org.jspecify.annotations.NullMarked;
