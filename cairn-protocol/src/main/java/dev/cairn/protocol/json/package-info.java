@NullMarked
package dev.cairn.protocol.json;

import org.jspecify.annotations.NullMarked;
