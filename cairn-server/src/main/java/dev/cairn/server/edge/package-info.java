@NullMarked
package dev.cairn.server.edge;

import org.jspecify.annotations.NullMarked;
