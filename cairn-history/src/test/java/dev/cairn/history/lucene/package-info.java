@NullMarked
package dev.cairn.history.lucene;

import org.jspecify.annotations.NullMarked;
