/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.read;

/** A line exceeded the maximum length and the configured action is {@link OverflowAction#FAIL}. */
public class LineTooLongException extends RuntimeException {

    private final long offset;

    public LineTooLongException(long offset, int maxBytes) {
        super("line starting at byte " + offset + " is longer than " + maxBytes + " bytes");
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
