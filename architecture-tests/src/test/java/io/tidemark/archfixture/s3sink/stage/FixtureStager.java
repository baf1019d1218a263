/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.archfixture.s3sink.stage;

/** A connector's domain class that another connector must not use. */
public class FixtureStager {
    public void stage() {}
}
