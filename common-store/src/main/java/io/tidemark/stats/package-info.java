/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
/** Small thread-safe figures (recent latencies) that domain classes keep for metrics reporters. */
package io.tidemark.stats;
