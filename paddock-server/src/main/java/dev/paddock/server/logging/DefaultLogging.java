package dev.paddock.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.util.function.UnaryOperator;

/**
 * The server's built-in logging, set up in code: logback finds it as a service and runs it before looking for XML.
 * Reading an XML configuration costs about 0.1 s of a start-up that takes half a second, so the defaults are code.
 * Whenever an operator supplies a configuration ({@code -Dlogback.configurationFile}, or a {@code logback.xml} /
 * {@code logback-test.xml} on the classpath, such as one in the config directory the launcher puts first), this
 * steps aside and logback reads that instead.
 *
 * <p>What it sets up, from system properties as ZooKeeper's scripts pass them:
 * <ul>
 *   <li>a console appender, its threshold {@code paddock.log.console.threshold} (default: all the root level lets
 *       through);</li>
 *   <li>with {@code paddock.log.file.appender=FILE} (what {@code bin/paddock-server start} sets) also a file
 *       {@code ${zookeeper.log.dir}/${zookeeper.log.file}} (defaults {@code logs/paddock-server.log}), rolled at
 *       10 MB, keeping 10;</li>
 *   <li>root level {@code zookeeper.root.level} (default INFO); Netty at WARN.</li>
 * </ul>
 * Lines look like ZooKeeper's: {@code 2026-11-22 04:35:02,123 [myid:] - INFO  [main:PaddockServer@123] - message}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class DefaultLogging extends ContextAwareBase implements Configurator {
    /** The line layout; {@code paddock.myid} is a context property the server sets once it knows its id. */
    public static final String PATTERN =
            "%d{ISO8601} [myid:%property{paddock.myid}] - %-5level [%thread:%logger{0}@%line] - %msg%n";
    private static final String[] CONFIG_PROPERTIES = {"logback.configurationFile", "logback.serializedModelFile"};
    private static final String[] CONFIG_RESOURCES = {"logback-test.xml", "logback.xml"};

    private final UnaryOperator<String> properties;
    private final ClassLoader resources;

    /** The instance logback's service loader makes: system properties, this class's class loader. */
    public DefaultLogging() {
        this(System::getProperty, DefaultLogging.class.getClassLoader());
    }

    DefaultLogging(UnaryOperator<String> properties, ClassLoader resources) {
        this.properties = properties;
        this.resources = resources;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (operatorConfigured()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(property("zookeeper.root.level", "INFO"), Level.INFO));
        context.getLogger("io.netty").setLevel(Level.WARN);

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        Level threshold = Level.toLevel(property("paddock.log.console.threshold", "TRACE"), Level.TRACE);
        if (threshold != Level.TRACE && threshold != Level.ALL) {
            ThresholdFilter filter = new ThresholdFilter();
            filter.setContext(context);
            filter.setLevel(threshold.levelStr);
            filter.start();
            console.addFilter(filter);
        }
        root.addAppender(start(console, "CONSOLE", context));

        if ("FILE".equals(property("paddock.log.file.appender", ""))) {
            root.addAppender(start(rollingFile(context), "FILE", context));
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** True when the operator has given logback a configuration of their own. */
    boolean operatorConfigured() {
        for (String key : CONFIG_PROPERTIES) {
            if (properties.apply(key) != null) {
                return true;
            }
        }
        for (String name : CONFIG_RESOURCES) {
            if (resources != null && resources.getResource(name) != null) {
                return true;
            }
        }
        return false;
    }

    private RollingFileAppender<ILoggingEvent> rollingFile(LoggerContext context) {
        String file = property("zookeeper.log.dir", "logs") + "/" + property("zookeeper.log.file", "paddock-server.log");
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setFile(file);
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(10);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf("10MB"));
        trigger.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        return appender;
    }

    private static <A extends OutputStreamAppender<ILoggingEvent>> A start(A appender, String name, LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        appender.setContext(context);
        appender.setName(name);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }

    private String property(String key, String fallback) {
        String value = properties.apply(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
