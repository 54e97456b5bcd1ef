/**
 * An SLF4J provider that keeps log lines for tests to read. A test module registers it in its own
 * {@code src/test/resources/META-INF/services/org.slf4j.spi.SLF4JServiceProvider}, so that modules with a
 * real binding on their test class path are not given a second one.
 */
@NullMarked
package dev.cairn.testkit.logging;

import org.jspecify.annotations.NullMarked;
