@NullMarked
package dev.cairn.identity;

import org.jspecify.annotations.NullMarked;
