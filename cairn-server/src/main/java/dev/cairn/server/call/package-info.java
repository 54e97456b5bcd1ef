@NullMarked
package dev.cairn.server.call;

import org.jspecify.annotations.NullMarked;
