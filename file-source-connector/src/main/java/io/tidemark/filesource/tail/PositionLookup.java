/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.tail;

import io.tidemark.filesource.identity.FileIdentity;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/** Where the tailer gets positions from: reconciled stored offsets, without knowing how they are kept. */
public interface PositionLookup {

    /** The stored position for an identity; the tailer asks once per identity it meets. */
    Optional<StoredPosition> lookup(FileIdentity identity, Path path);

    /** Every position known locally, to detect copies (copytruncate) and files lost while stopped. */
    Collection<StoredPosition> known();

    /** A source with no positions at all. */
    static PositionLookup none() {
        return new PositionLookup() {
            @Override
            public Optional<StoredPosition> lookup(FileIdentity identity, Path path) {
                return Optional.empty();
            }

            @Override
            public Collection<StoredPosition> known() {
                return java.util.List.of();
            }
        };
    }
}
