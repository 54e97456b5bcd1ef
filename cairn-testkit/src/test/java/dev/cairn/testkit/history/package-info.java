@NullMarked
package dev.cairn.testkit.history;

import org.jspecify.annotations.NullMarked;
