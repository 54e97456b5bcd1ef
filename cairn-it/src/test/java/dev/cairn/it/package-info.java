/** Black-box tests of the assembled server, started as a separate process and driven over HTTP. */
@NullMarked
package dev.cairn.it;

import org.jspecify.annotations.NullMarked;
