package dev.cairn.testkit.logging;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of this module's tests: it records every event at INFO and above, so that tests
 * can check what was logged, and prints WARN and ERROR to standard error. Registered through
 * {@code META-INF/services}.
 */
public final class CapturingLogProvider implements SLF4JServiceProvider {

    /** One logged event, with its message formatted. */
    public record Event(
            Level level,
            String logger,
            String message,
            @Nullable Throwable thrown) {}

    private static final Queue<Event> EVENTS = new ConcurrentLinkedQueue<>();

    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory loggerFactory = name -> loggers.computeIfAbsent(name, CapturingLogger::new);
    private final IMarkerFactory markerFactory = new BasicMarkerFactory();
    private final MDCAdapter mdcAdapter = new NOPMDCAdapter();

    /** Returns the events logged since the last {@link #reset()}, oldest first. */
    public static List<Event> events() {
        return List.copyOf(EVENTS);
    }

    /** Returns the events at {@code level} logged since the last {@link #reset()}. */
    public static List<Event> events(Level level) {
        return EVENTS.stream().filter(e -> e.level() == level).toList();
    }

    public static void reset() {
        EVENTS.clear();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {}

    private static final class CapturingLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        CapturingLogger(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected @Nullable String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(
                Level level,
                @Nullable Marker marker,
                String messagePattern,
                Object @Nullable [] arguments,
                @Nullable Throwable throwable) {
            String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
            EVENTS.add(new Event(level, name, message, throwable));
            if (level == Level.WARN || level == Level.ERROR) {
                System.err.println(
                        level + " " + name + " - " + message + (throwable == null ? "" : " (" + throwable + ")"));
            }
        }
    }
}
