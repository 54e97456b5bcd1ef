@NullMarked
package dev.cairn.metadata;

import org.jspecify.annotations.NullMarked;
