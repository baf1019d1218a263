/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.remote;

import java.util.Objects;

/** The precondition of a conditional PUT. */
public sealed interface WriteCondition {

    /** Unconditional write. */
    WriteCondition NONE = new None();

    /** Create only: If-None-Match: *. */
    WriteCondition CREATE_ONLY = new CreateOnly();

    static WriteCondition ifMatch(String etag) {
        return new IfMatch(etag);
    }

    record None() implements WriteCondition {}

    record CreateOnly() implements WriteCondition {}

    record IfMatch(String etag) implements WriteCondition {
        public IfMatch {
            Objects.requireNonNull(etag, "etag");
        }
    }
}
