/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Per-task metrics: gauges a task registers once at start, exposed through Connect's plugin metrics
 * (KIP-877, Kafka 4.1 and later: JMX {@code kafka.connect:type=plugins,connector=...,task=...}) or,
 * on older workers, through the platform MBean server under {@code io.tidemark:type=plugins,...}
 * with the same attribute names. Domain classes keep plain counters; the connect layer maps them here.
 */
package io.tidemark.connect.metrics;
