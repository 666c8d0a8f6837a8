package io.mio.tck;

import io.mio.spi.PollProvider;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The TCK's plumbing: resolves the backend under test from the configuration parameter
 * {@value #PROVIDER} (and the peer from {@value #PEER}, by default the same), disables every TCK
 * class with the reason when the parameter is absent, names each case after the backend, hands each
 * test instance its backends, and closes what a test opened after it (failing the test if a close
 * throws).
 */
public final class TckExtension implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback,
        AfterEachCallback, TestTemplateInvocationContextProvider, TestExecutionExceptionHandler, InvocationInterceptor {
    /** The configuration parameter naming the backend under test, e.g. {@code selector}. */
    public static final String PROVIDER = "io.mio.tck.provider";
    /** The configuration parameter naming the backend of the other side in cross-backend tests. */
    public static final String PEER = "io.mio.tck.peer";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TckExtension.class);

    /** Creates the extension; JUnit does, through {@link TckBase}. */
    public TckExtension() {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> provider = context.getConfigurationParameter(PROVIDER).filter(name -> !name.isBlank());
        if (provider.isEmpty()) {
            return ConditionEvaluationResult.disabled("the TCK needs the JUnit configuration parameter " + PROVIDER
                    + " naming the backend to test: Surefire's configurationParameters \"" + PROVIDER
                    + "=<backend>\", or a suite class's @ConfigurationParameter (see mio-tests/README.md)");
        }
        Optional<Method> method = context.getTestMethod();
        Requires needs = method.map(m -> m.getAnnotation(Requires.class))
                .or(() -> context.getTestClass().map(c -> c.getAnnotation(Requires.class))).orElse(null);
        if (needs != null) {
            Backends backends = backends(context);
            String unmet = TckBase.unmet(needs, backends.provider, backends.peer);
            if (unmet != null) {
                // skipped before it starts, so the reason is the report's skip message
                return ConditionEvaluationResult.disabled(unmet);
            }
        }
        return ConditionEvaluationResult.enabled("testing backend '" + provider.get().strip() + "'");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        backends(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Backends backends = backends(context);
        TckBase test = (TckBase) context.getRequiredTestInstance();
        test.attach(backends.provider, backends.peer);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        TckBase test = (TckBase) context.getRequiredTestInstance();
        test.closeEverything();
    }

    /** Prefixes assertion failures with the backend, so a report line names it even where the display name is not shown. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        String prefix = "[" + label(context) + "] ";
        if (failure instanceof AssertionFailedError assertion && (assertion.getMessage() == null
                || !assertion.getMessage().startsWith("["))) {
            String message = prefix + (assertion.getMessage() == null ? "" : assertion.getMessage());
            AssertionFailedError named = assertion.isExpectedDefined() && assertion.isActualDefined()
                    ? new AssertionFailedError(message, assertion.getExpected(), assertion.getActual(), assertion.getCause())
                    : new AssertionFailedError(message, assertion.getCause());
            named.setStackTrace(assertion.getStackTrace());
            throw named;
        }
        throw failure;
    }

    /** Records the thread that runs the case (the timeout's own thread), for {@link TckBase#awaitPolling}. */
    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        TckBase.recordThread();
        invocation.proceed();
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getRequiredTestMethod().isAnnotationPresent(TckTest.class);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        String backend = label(context);
        Method method = context.getRequiredTestMethod();
        String name = "[" + backend + "] " + method.getName();
        EachOf each = method.getAnnotation(EachOf.class);
        if (each == null) {
            return Stream.of(invocation(name, List.of()));
        }
        Class<? extends Enum<?>> type = each.value();
        PollProvider provider = backends(context).provider;
        return Arrays.stream(type.getEnumConstants()).map(constant -> {
            // skipped before it starts, so the reason is the report's skip message
            String unmet = constant == IpFamily.IPV6 ? TckBase.ipv6Missing()
                    : constant instanceof Variant variant && variant.needs() != null
                            ? TckBase.lacks(provider, variant.needs()) : null;
            List<Extension> extensions = unmet == null ? List.of(new VariantResolver(type, constant))
                    : List.of(new VariantResolver(type, constant),
                            (ExecutionCondition) variant -> ConditionEvaluationResult.disabled(unmet));
            return invocation(name + " (" + constant + ")", extensions);
        });
    }

    private static String label(ExtensionContext context) {
        String provider = context.getConfigurationParameter(PROVIDER).map(String::strip).orElse("?");
        String peer = context.getConfigurationParameter(PEER).map(String::strip).filter(name -> !name.isEmpty())
                .orElse(provider);
        return peer.equals(provider) ? provider : provider + ", peer " + peer;
    }

    private static TestTemplateInvocationContext invocation(String name, List<Extension> extensions) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return name;
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return extensions;
            }
        };
    }

    /** Resolves (once per run) and caches the providers in the root store. */
    private static Backends backends(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Backends.class, key -> {
            String providerName = context.getConfigurationParameter(PROVIDER).map(String::strip).orElseThrow();
            String peerName = context.getConfigurationParameter(PEER).map(String::strip)
                    .filter(name -> !name.isEmpty()).orElse(providerName);
            try {
                PollProvider provider = PollProvider.named(providerName);
                PollProvider peer = peerName.equals(providerName) ? provider : PollProvider.named(peerName);
                return new Backends(provider, peer);
            } catch (IOException | RuntimeException e) {
                // an explicitly requested backend that cannot be used is a failure, not a skip
                throw new IllegalStateException("the TCK cannot use the backend(s) named by " + PROVIDER + "="
                        + providerName + " and " + PEER + "=" + peerName + ": " + e.getMessage(), e);
            }
        }, Backends.class);
    }

    private record Backends(PollProvider provider, PollProvider peer) {
    }

    private record VariantResolver(Class<?> type, Object value) implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == type;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return value;
        }
    }
}
