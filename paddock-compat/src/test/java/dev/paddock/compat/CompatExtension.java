package dev.paddock.compat;

import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** Runs each {@link CompatTest} once per target and hands it a running server. */
final class CompatExtension implements TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CompatExtension.class);

    /** Closes the server when the owning (class or invocation) context ends. */
    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        final ServerUnderTest server;

        Holder(ServerUnderTest server) {
            this.server = server;
        }

        @Override
        public void close() {
            server.close();
        }
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(CompatTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return ServerUnderTest.selectedTargets().stream().map(CompatExtension::invocation);
    }

    static ServerSettings settingsOf(Class<?> testClass) {
        ServerSettings s = testClass.getAnnotation(ServerSettings.class);
        return s != null ? s : Defaults.class.getAnnotation(ServerSettings.class);
    }

    @ServerSettings
    private static final class Defaults {
    }

    private static TestTemplateInvocationContext invocation(String target) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return "[" + target + "]";
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(condition(target), resolver(target));
            }
        };
    }

    private static ExecutionCondition condition(String target) {
        return context -> {
            if ("paddock".equals(target)) {
                PaddockDisabled d = context.getTestMethod().map(m -> m.getAnnotation(PaddockDisabled.class)).orElse(null);
                if (d != null && !Boolean.getBoolean("paddock.compat.runDisabled")) {
                    return ConditionEvaluationResult.disabled("paddock: " + d.value());
                }
            }
            return ConditionEvaluationResult.enabled(target);
        };
    }

    private static ParameterResolver resolver(String target) {
        return new ParameterResolver() {
            @Override
            public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
                return pc.getParameter().getType() == ServerUnderTest.class;
            }

            @Override
            public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
                Class<?> testClass = ec.getRequiredTestClass();
                ServerSettings settings = settingsOf(testClass);
                Method m = ec.getTestMethod().orElse(null);
                boolean fresh = m != null && m.getAnnotation(CompatTest.class) != null
                    && m.getAnnotation(CompatTest.class).freshServer();
                ExtensionContext owner = fresh ? ec : classContext(ec);
                String key = (fresh ? "fresh:" : "shared:") + target;
                return owner.getStore(NS)
                    .getOrComputeIfAbsent(key, k -> new Holder(ServerUnderTest.start(target, settings)), Holder.class)
                    .server;
            }
        };
    }

    private static ExtensionContext classContext(ExtensionContext ec) {
        ExtensionContext c = ec;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }
}
