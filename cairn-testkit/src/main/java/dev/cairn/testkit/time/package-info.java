@NullMarked
package dev.cairn.testkit.time;

import org.jspecify.annotations.NullMarked;
