@NullMarked
package dev.cairn.metadata.embedded;

import org.jspecify.annotations.NullMarked;
