@NullMarked
package dev.cairn.time;

import org.jspecify.annotations.NullMarked;
