@NullMarked
package dev.cairn.server.metrics;

import org.jspecify.annotations.NullMarked;
