@NullMarked
package dev.cairn.server.throttle;

import org.jspecify.annotations.NullMarked;
