/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.errors;

import org.slf4j.Logger;

/** Closing on the way out of a task: a failure to close is logged with its stack trace, never thrown. */
public final class Quietly {

    private Quietly() {}

    /**
     * Closes {@code resource} (nothing when null); a failure is logged at WARN on {@code log}.
     *
     * @param what names the resource in the log line, e.g. "the checkpoint store"
     */
    public static void close(AutoCloseable resource, Logger log, String what) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("Closing {} failed", what, e);
        }
    }
}
