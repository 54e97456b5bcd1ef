@NullMarked
package dev.cairn.trail.digest;

import org.jspecify.annotations.NullMarked;
