/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.archfixture.stack;

import io.tidemark.archfixture.stack.connect.FixtureWorker;
import org.apache.kafka.connect.source.SourceRecord;

/** The test kit: it may use itself, and Connect in any of its packages. */
public class FixtureKit {
    public boolean running() {
        return new FixtureWorker().started();
    }

    public SourceRecord lastRecord() {
        return null;
    }
}
