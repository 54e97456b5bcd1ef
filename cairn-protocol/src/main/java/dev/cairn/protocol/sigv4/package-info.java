@NullMarked
package dev.cairn.protocol.sigv4;

import org.jspecify.annotations.NullMarked;
