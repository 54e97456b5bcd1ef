@NullMarked
package dev.cairn.cli.aws;

import org.jspecify.annotations.NullMarked;
