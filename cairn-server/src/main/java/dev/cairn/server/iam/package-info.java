@NullMarked
package dev.cairn.server.iam;

import org.jspecify.annotations.NullMarked;
