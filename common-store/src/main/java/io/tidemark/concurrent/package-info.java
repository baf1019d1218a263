/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Threads that carry the log context (SLF4J MDC, where Connect keeps {@code connector.context}) of the
 * thread that made them, so every line a plugin's own threads log names its connector and task.
 */
package io.tidemark.concurrent;
