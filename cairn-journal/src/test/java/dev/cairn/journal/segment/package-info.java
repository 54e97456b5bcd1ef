@NullMarked
package dev.cairn.journal.segment;

import org.jspecify.annotations.NullMarked;
