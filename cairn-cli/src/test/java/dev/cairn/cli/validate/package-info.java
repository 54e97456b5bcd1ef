@NullMarked
package dev.cairn.cli.validate;

import org.jspecify.annotations.NullMarked;
