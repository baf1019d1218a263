/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.metrics;

import java.util.function.Supplier;

/** Where a task's gauges are published. */
interface MetricsBackend extends AutoCloseable {

    void add(String name, String description, Supplier<? extends Number> value);

    /** For the task's start log line: where an operator finds the metrics. */
    String where();

    @Override
    void close();
}
