/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where decisions that skip or replay data are recorded. Every line starts
 * with {@code AUDIT: }.
 */
@FunctionalInterface
public interface AuditLog {

    /** The audit line logged when the watch starts from now because no checkpoint exists. */
    String START_FROM_NOW = "AUDIT: Starting watch from NOW (checkpoint missing)";

    /** The start of the audit line logged when a later start resumes from the starting point the first one recorded. */
    String RESUME_FROM_START_POINT = "AUDIT: Resuming watch from the recorded starting point";

    void record(String line);

    /** Logs audit lines at WARN on the logger {@code io.tidemark.mongotrigger.AUDIT}. */
    static AuditLog slf4j() {
        Logger log = LoggerFactory.getLogger("io.tidemark.mongotrigger.AUDIT");
        return log::warn;
    }
}
