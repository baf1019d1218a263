/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.tail;

/** Where a file with no stored position that was present at the first scan starts. */
public enum StartPosition {
    /** Read it from its first byte. */
    BEGINNING,
    /** Skip what it holds: start after its last complete line. Files appearing later are read from 0. */
    END
}
