package dev.cairn.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;

/**
 * Cairn's logging set-up: one line per event on standard error, at the level of {@code CAIRN_LOG_LEVEL}
 * (INFO by default), with Netty and Vert.x held to WARN. Written in code rather than logback.xml because
 * parsing the XML costs about half a second of start-up. A {@code -Dlogback.configurationFile} given by
 * the operator still wins.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    /**
     * Lucene reports through java.util.logging that the Vector API is not enabled; Cairn runs without it
     * on purpose (the incubator module costs start-up time and warns on every start), so the notice is
     * held back. Kept in a field: java.util.logging holds its loggers weakly.
     */
    private static final java.util.logging.Logger LUCENE_VECTORIZATION =
            java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization.VectorizationProvider");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} - %msg%n");
        encoder.start();

        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level(System.getenv("CAIRN_LOG_LEVEL")));
        root.addAppender(stderr);
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("io.vertx").setLevel(Level.WARN);
        LUCENE_VECTORIZATION.setLevel(java.util.logging.Level.SEVERE);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static Level level(String name) {
        if (name == null || name.isBlank()) {
            return Level.INFO;
        }
        Level level = Level.toLevel(name.trim().toUpperCase(Locale.ROOT), null);
        if (level == null) {
            System.err.println(
                    "cairn: CAIRN_LOG_LEVEL=" + name + " is not one of TRACE, DEBUG, INFO, WARN, ERROR; using INFO");
            return Level.INFO;
        }
        return level;
    }
}
