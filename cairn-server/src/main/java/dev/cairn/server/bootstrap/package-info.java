@NullMarked
package dev.cairn.server.bootstrap;

import org.jspecify.annotations.NullMarked;
