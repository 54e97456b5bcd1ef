@NullMarked
package dev.cairn.testkit.bucket;

import org.jspecify.annotations.NullMarked;
