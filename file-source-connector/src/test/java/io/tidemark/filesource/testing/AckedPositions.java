/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.testing;

import io.tidemark.filesource.identity.FileIdentity;
import io.tidemark.filesource.tail.PositionLookup;
import io.tidemark.filesource.tail.StoredPosition;
import io.tidemark.filesource.tail.TailEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A position store for tailer tests: positions of acknowledged events, by file id, as a task
 * would keep them. {@code known()} can be switched off to play a task on a new machine that only
 * has Connect's offsets.
 */
public final class AckedPositions implements PositionLookup {

    private final Map<String, StoredPosition> positions = new LinkedHashMap<>();
    private boolean enumerable = true;

    public void ack(TailEvent e) {
        positions.put(
                e.fileId(),
                new StoredPosition(
                        e.fileId(),
                        e.line().end(),
                        e.line().lastNumber(),
                        e.line().fingerprint(),
                        e.line().check(),
                        e.path().toString()));
    }

    public void ackAll(List<TailEvent> events) {
        events.forEach(this::ack);
    }

    public void put(StoredPosition p) {
        positions.put(p.fileId(), p);
    }

    public AckedPositions notEnumerable() {
        enumerable = false;
        return this;
    }

    public Map<String, StoredPosition> all() {
        return positions;
    }

    @Override
    public Optional<StoredPosition> lookup(FileIdentity identity, Path path) {
        return Optional.ofNullable(positions.get(identity.id()));
    }

    @Override
    public Collection<StoredPosition> known() {
        return enumerable ? new ArrayList<>(positions.values()) : List.of();
    }
}
