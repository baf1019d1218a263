/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.archfixture.filesource.connect;

import io.tidemark.archfixture.filesource.tail.TailerThatBuildsRecords;
import org.apache.kafka.connect.source.SourceRecord;

/** Allowed: a connect adapter uses the Connect API and the connector's domain. */
public class FixtureSourceTask {
    private final TailerThatBuildsRecords tailer = new TailerThatBuildsRecords();

    public SourceRecord poll() {
        return tailer.next();
    }
}
