@NullMarked
package dev.cairn.server.cloudtrail;

import org.jspecify.annotations.NullMarked;
