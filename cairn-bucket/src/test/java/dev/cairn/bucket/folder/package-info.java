@NullMarked
package dev.cairn.bucket.folder;

import org.jspecify.annotations.NullMarked;
