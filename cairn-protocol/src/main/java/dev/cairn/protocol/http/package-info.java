@NullMarked
package dev.cairn.protocol.http;

import org.jspecify.annotations.NullMarked;
