@NullMarked
package dev.cairn.trail.validation;

import org.jspecify.annotations.NullMarked;
