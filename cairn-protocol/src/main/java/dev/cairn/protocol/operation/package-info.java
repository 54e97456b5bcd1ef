@NullMarked
package dev.cairn.protocol.operation;

import org.jspecify.annotations.NullMarked;
