@NullMarked
package dev.cairn.testkit.journal;

import org.jspecify.annotations.NullMarked;
