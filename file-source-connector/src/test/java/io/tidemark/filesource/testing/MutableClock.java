/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.testing;

import java.util.function.LongSupplier;

/** A clock tests move by hand. */
public final class MutableClock implements LongSupplier {

    private long now = 1_000_000L;

    @Override
    public long getAsLong() {
        return now;
    }

    public void advance(long millis) {
        now += millis;
    }
}
