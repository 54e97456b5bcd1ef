@NullMarked
package dev.cairn.history.indexer;

import org.jspecify.annotations.NullMarked;
