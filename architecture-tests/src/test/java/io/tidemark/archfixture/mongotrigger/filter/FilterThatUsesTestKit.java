/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.archfixture.mongotrigger.filter;

import io.tidemark.archfixture.stack.FixtureKit;

/** Violates: main code uses the test kit. */
public class FilterThatUsesTestKit {
    public boolean matches() {
        return new FixtureKit().running();
    }
}
