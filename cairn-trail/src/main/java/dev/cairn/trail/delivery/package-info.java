/** Trail delivery. */
@NullMarked
package dev.cairn.trail.delivery;

import org.jspecify.annotations.NullMarked;
