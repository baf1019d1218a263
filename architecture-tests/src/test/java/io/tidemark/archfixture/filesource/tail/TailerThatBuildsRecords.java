/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.archfixture.filesource.tail;

import io.tidemark.archfixture.s3sink.stage.FixtureStager;
import org.apache.kafka.connect.source.SourceRecord;

/** Violates: a domain package builds Connect records, and it reaches into another connector. */
public class TailerThatBuildsRecords {
    private final FixtureStager stager = new FixtureStager();

    public SourceRecord next() {
        stager.stage();
        return null;
    }
}
