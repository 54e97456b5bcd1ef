@NullMarked
package dev.cairn.trail.keys;

import org.jspecify.annotations.NullMarked;
