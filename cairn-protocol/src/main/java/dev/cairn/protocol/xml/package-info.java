@NullMarked
package dev.cairn.protocol.xml;

import org.jspecify.annotations.NullMarked;
