package dev.paddock.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultLoggingTest {
    @TempDir
    Path tmp;

    private final Map<String, String> props = new HashMap<>();
    private final ClassLoader noXml = new URLClassLoader(new URL[0], null);

    private LoggerContext configured(ClassLoader resources, ExecutionStatus expected) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        DefaultLogging logging = new DefaultLogging(props::get, resources);
        logging.setContext(context);
        assertThat(logging.configure(context)).isEqualTo(expected);
        return context;
    }

    @Test
    void logbackFindsItAsAService() {
        // (this JVM's own logging comes from another module's logback-test.xml on the test classpath; the launcher
        // tests run servers without one)
        assertThat(ServiceLoader.load(Configurator.class)).anyMatch(c -> c instanceof DefaultLogging);
    }

    @Test
    void defaultsAreConsoleAtInfoWithNettyAtWarn() {
        LoggerContext context = configured(noXml, ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.netty.channel").getEffectiveLevel()).isEqualTo(Level.WARN);
        Appender<ILoggingEvent> console = root.getAppender("CONSOLE");
        assertThat(console).isNotNull();
        assertThat(console.isStarted()).isTrue();
        LoggingEvent trace = new LoggingEvent("x", root, Level.TRACE, "all the root level lets through", null, null);
        assertThat(console.getFilterChainDecision(trace)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(root.getAppender("FILE")).isNull();
        context.stop();
    }

    @Test
    void fileAppenderWritesZooKeepersLineLayoutWhereTheLauncherSays() throws Exception {
        props.put("paddock.log.file.appender", "FILE");
        props.put("paddock.log.console.threshold", "OFF");
        props.put("zookeeper.log.dir", tmp.toString());
        props.put("zookeeper.log.file", "server.log");
        props.put("zookeeper.root.level", "DEBUG");
        LoggerContext context = configured(noXml, ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        context.putProperty("paddock.myid", "3");
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.DEBUG);

        LoggingEvent event = new LoggingEvent("x", root, Level.INFO, "quiet on the console", null, null);
        assertThat(root.getAppender("CONSOLE").getFilterChainDecision(event)).isEqualTo(FilterReply.DENY);

        context.getLogger("dev.paddock.Example").debug("session 0x{} expired", "1a2b");
        context.stop();
        String line = Files.readString(tmp.resolve("server.log"), StandardCharsets.UTF_8);
        assertThat(line).matches("(?s)\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} \\[myid:3\\] - DEBUG \\["
                + "[^:]+:Example@\\d+] - session 0x1a2b expired\\R");
    }

    @Test
    void stepsAsideForAConfigurationFileProperty() {
        props.put("logback.configurationFile", "mine.xml");
        LoggerContext context = configured(noXml, ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE")).isNull();
    }

    @Test
    void stepsAsideForALogbackXmlOnTheClasspath() throws Exception {
        Files.writeString(tmp.resolve("logback.xml"), "<configuration/>");
        try (URLClassLoader confDir = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, null)) {
            configured(confDir, ExecutionStatus.INVOKE_NEXT_IF_ANY);
        }
    }
}
