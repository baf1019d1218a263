/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.metrics;

import java.util.Map;
import java.util.function.Supplier;

/** Where a task's gauges are published. */
interface MetricsBackend extends AutoCloseable {

    /** {@code tags} (in order) add to the task's connector and task tags; empty for most gauges. */
    void add(String name, String description, Map<String, String> tags, Supplier<? extends Number> value);

    /** For the task's start log line: where an operator finds the metrics. */
    String where();

    @Override
    void close();
}
