/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.read;

/** What happens to a line longer than the maximum line length. */
public enum OverflowAction {
    /** Emit the first max bytes of the line; the rest is dropped. The position moves past the whole line. */
    TRUNCATE,
    /** Drop the line; the position moves past it. */
    SKIP,
    /** Stop with {@link LineTooLongException}. */
    FAIL
}
