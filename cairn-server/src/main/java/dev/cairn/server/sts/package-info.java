@NullMarked
package dev.cairn.server.sts;

import org.jspecify.annotations.NullMarked;
