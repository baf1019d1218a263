/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.junit;

import io.tidemark.stack.LocalStack;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link LocalStack} parameter. Resolved in a {@code @BeforeAll} method it lives for the test class;
 * in a test or {@code @BeforeEach} method it lives for that test. It is closed after the test (class), and its
 * state directory kept and printed when a test failed.
 * <pre>{@code
 * @ExtendWith(LocalStackExtension.class)
 * class MyConnectorIT {
 *     @Test void runs(LocalStack stack) { stack.startKafka(); ... }
 * }
 * }</pre>
 */
public final class LocalStackExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LocalStackExtension.class);
    private static final String KEY = "stack";

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        return pc.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        // a test method sees the class-level stack if there is one
        if (ec.getTestMethod().isPresent()) {
            LocalStack classLevel = ec.getParent()
                    .map(p -> p.getStore(NS).get(KEY, LocalStack.class))
                    .orElse(null);
            if (classLevel != null) {
                return classLevel;
            }
        }
        String label = ec.getTestMethod()
                .map(m -> ec.getRequiredTestClass().getSimpleName() + "-" + m.getName())
                .orElse(ec.getRequiredTestClass().getSimpleName());
        return ec.getStore(NS).getOrComputeIfAbsent(KEY, k -> LocalStack.create(label), LocalStack.class);
    }

    @Override
    public void afterEach(ExtensionContext ec) {
        boolean failed = ec.getExecutionException().isPresent();
        if (failed) {
            ec.getParent().map(p -> p.getStore(NS).get(KEY, LocalStack.class)).ifPresent(LocalStack::markFailed);
        }
        LocalStack stack = ec.getStore(NS).remove(KEY, LocalStack.class);
        if (stack != null) {
            if (failed) {
                stack.markFailed();
            }
            stack.close();
        }
    }

    @Override
    public void afterAll(ExtensionContext ec) {
        LocalStack stack = ec.getStore(NS).remove(KEY, LocalStack.class);
        if (stack != null) {
            if (ec.getExecutionException().isPresent()) {
                stack.markFailed();
            }
            stack.close();
        }
    }
}
