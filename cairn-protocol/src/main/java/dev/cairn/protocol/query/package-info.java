@NullMarked
package dev.cairn.protocol.query;

import org.jspecify.annotations.NullMarked;
