/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.archfixture.mongotrigger.stream;

import io.tidemark.archfixture.mongotrigger.checkpoint.FixtureCheckpoint;

/** Violates (with {@link FixtureCheckpoint}): a package cycle stream -> checkpoint -> stream. */
public class FixtureStream {
    public FixtureCheckpoint checkpoint() {
        return new FixtureCheckpoint();
    }
}
