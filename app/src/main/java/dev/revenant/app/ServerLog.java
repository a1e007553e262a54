package dev.revenant.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import dev.revenant.app.config.LogConfig;
import java.nio.file.Path;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Where {@code revenant serve} logs, from {@code log.*}: the level, JSON or text lines, and a file that
 * Logback's own {@link RollingFileAppender} rolls over daily and at {@code log.maxFileSize}, gzipping the
 * old ones beside it and keeping {@code log.maxHistory} days under {@code log.totalSizeCap}. JSON lines are
 * logstash-logback-encoder's. Set up once the configuration is read (logback.xml's standard error appender
 * serves until then); {@link #close()} puts everything back (tests) and waits for a rollover's gzip.
 */
public final class ServerLog implements AutoCloseable {
    /** The name of logback.xml's standard error appender. */
    static final String CONSOLE = "OUT";
    /** The pattern of logback.xml's text lines, for the file too. */
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX} %-5level %logger{0} %msg%n";

    private final Logger root;
    private final Level previousLevel;
    private final RollingFileAppender<ILoggingEvent> file;
    private final Encoder<ILoggingEvent> previousConsoleEncoder;

    private ServerLog(Logger root, Level previousLevel, RollingFileAppender<ILoggingEvent> file,
            Encoder<ILoggingEvent> previousConsoleEncoder) {
        this.root = root;
        this.previousLevel = previousLevel;
        this.file = file;
        this.previousConsoleEncoder = previousConsoleEncoder;
    }

    /** Applies {@code config} to the process's logging (Logback); a no-op where Logback is not the backend. */
    public static ServerLog apply(LogConfig config) {
        if (!(LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root)) {
            return new ServerLog(null, null, null, null);
        }
        LoggerContext context = root.getLoggerContext();
        Level previous = root.getLevel();
        root.setLevel(Level.toLevel(config.level(), Level.INFO));
        Encoder<ILoggingEvent> previousConsole = null;
        if (config.json() && root.getAppender(CONSOLE) instanceof OutputStreamAppender<ILoggingEvent> console) {
            previousConsole = console.getEncoder();
            console.stop();
            console.setEncoder(encoder(context, true));
            console.start();
        }
        RollingFileAppender<ILoggingEvent> appender = null;
        if (!config.file().isEmpty()) {
            appender = rollingFile(context, config);
            root.addAppender(appender);
        }
        return new ServerLog(root, previous, appender, previousConsole);
    }

    private static RollingFileAppender<ILoggingEvent> rollingFile(LoggerContext context, LogConfig config) {
        Path path = Path.of(config.file()).toAbsolutePath().normalize();
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("FILE");
        appender.setFile(path.toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(path + ".%d{yyyy-MM-dd}.%i.gz");
        policy.setMaxFileSize(new FileSize(config.maxFileSize().bytes()));
        policy.setMaxHistory(config.maxHistory());
        policy.setTotalSizeCap(new FileSize(config.totalSizeCap().bytes()));
        policy.start();
        appender.setRollingPolicy(policy);
        appender.setEncoder(encoder(context, config.json()));
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException("cannot write the log file " + path + " (log.file): see the lines above");
        }
        return appender;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
        if (json) {
            LogstashEncoder encoder = new LogstashEncoder();
            encoder.setContext(context);
            // the context's properties (host name, ...) on every line add nothing a shipper does not know
            encoder.setIncludeContext(false);
            encoder.start();
            return encoder;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }

    /** Stops the file (waiting for a rollover's compression) and puts the level and console lines back. */
    @Override
    public void close() {
        if (root == null) {
            return;
        }
        if (file != null) {
            root.detachAppender(file);
            file.stop();
        }
        if (previousConsoleEncoder != null && root.getAppender(CONSOLE) instanceof OutputStreamAppender<ILoggingEvent> console) {
            console.stop();
            console.setEncoder(previousConsoleEncoder);
            console.start();
        }
        root.setLevel(previousLevel);
    }
}
