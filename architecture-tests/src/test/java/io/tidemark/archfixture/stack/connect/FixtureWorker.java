/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.archfixture.stack.connect;

import org.apache.kafka.connect.source.SourceRecord;

/** The test kit runs a worker, so it may use Connect anywhere. */
public class FixtureWorker {
    public boolean started() {
        return SourceRecord.class != null;
    }
}
