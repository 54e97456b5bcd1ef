@NullMarked
package dev.cairn.server.recording;

import org.jspecify.annotations.NullMarked;
