@NullMarked
package dev.cairn.protocol.error;

import org.jspecify.annotations.NullMarked;
