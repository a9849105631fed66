package io.flinkrw.connector.nats.testutils;

import org.apache.flink.util.ExceptionUtils;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.ArrayList;
import java.util.List;

/**
 * Captures everything logged through log4j (Flink's, jnats' via our listeners, ours) while it is
 * open: the root logger at INFO, {@code io.flinkrw} and {@code io.nats} at DEBUG.
 */
public final class LogCapture implements AutoCloseable {

    private final LoggerContext context;
    private final Capturing appender;
    private final Level rootLevel;
    private final List<Appender> consoleAppenders;

    private LogCapture() {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        appender = new Capturing();
        appender.start();
        config.addAppender(appender);
        LoggerConfig root = config.getRootLogger();
        rootLevel = root.getLevel();
        consoleAppenders = new ArrayList<>(root.getAppenders().values());
        for (Appender console : consoleAppenders) {
            // The console keeps showing warnings only, as before.
            root.removeAppender(console.getName());
            root.addAppender(console, Level.WARN, null);
        }
        root.addAppender(appender, Level.ALL, null);
        root.setLevel(Level.INFO);
        for (String name : List.of("io.flinkrw", "io.nats")) {
            LoggerConfig logger = new LoggerConfig(name, Level.DEBUG, true);
            config.addLogger(name, logger);
        }
        context.updateLoggers();
    }

    /** Starts capturing. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /**
     * Everything captured so far, a line per event ({@code LEVEL logger message}) with the stack
     * traces logged with them.
     */
    public String text() {
        synchronized (appender.lines) {
            return String.join("\n", appender.lines);
        }
    }

    /** How many events were captured. */
    public int size() {
        synchronized (appender.lines) {
            return appender.lines.size();
        }
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        root.removeAppender(appender.getName());
        for (Appender console : consoleAppenders) {
            root.removeAppender(console.getName());
            root.addAppender(console, null, null);
        }
        root.setLevel(rootLevel);
        config.removeLogger("io.flinkrw");
        config.removeLogger("io.nats");
        context.updateLoggers();
        appender.stop();
    }

    private static final class Capturing extends AbstractAppender {
        private final List<String> lines = new ArrayList<>();

        Capturing() {
            super("test-capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            String line =
                    event.getLevel()
                            + " "
                            + event.getLoggerName()
                            + " "
                            + event.getMessage().getFormattedMessage();
            if (event.getThrown() != null) {
                line += "\n" + ExceptionUtils.stringifyException(event.getThrown());
            }
            synchronized (lines) {
                lines.add(line);
            }
        }
    }
}
