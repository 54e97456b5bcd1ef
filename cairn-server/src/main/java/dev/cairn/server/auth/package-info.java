@NullMarked
package dev.cairn.server.auth;

import org.jspecify.annotations.NullMarked;
