/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.archfixture.mongotrigger.checkpoint;

import io.tidemark.archfixture.mongotrigger.stream.FixtureStream;

/** Violates (with {@link FixtureStream}): a package cycle checkpoint -> stream -> checkpoint. */
public class FixtureCheckpoint {
    public FixtureStream stream() {
        return null;
    }
}
