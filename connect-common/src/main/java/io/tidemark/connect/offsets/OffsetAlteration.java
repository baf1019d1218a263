/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.offsets;

import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CheckpointStoreException;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The one {@code alterOffsets()} flow of every source connector: check the shape of every
 * changed offset first (nothing is recorded when one is wrong), then record the operator's change
 * in the connector's local checkpoint store, so a stale local position cannot undo it at the next
 * task start. Connect applies the change to its own offsets only when this returns.
 */
public final class OffsetAlteration {

    /** Rejects an offset change: throws {@link IllegalArgumentException} (or a {@link ConnectException}) saying why. */
    @FunctionalInterface
    public interface ShapeCheck {
        void check(Map<String, ?> partition, Map<String, ?> offset);
    }

    private OffsetAlteration() {}

    /**
     * @param openStore opens the connector's store (fails while a task of the connector holds it)
     * @param record    writes the operator's change into the open store
     * @throws ConnectException naming the bad offset, or the store that could not record the change
     */
    public static void apply(
            String connectorName,
            Map<Map<String, ?>, Map<String, ?>> offsets,
            ShapeCheck shape,
            Supplier<CheckpointStore> openStore,
            Consumer<CheckpointStore> record) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
            try {
                shape.check(e.getKey(), e.getValue());
            } catch (IllegalArgumentException bad) {
                throw new ConnectException("Rejected offset change: " + bad.getMessage(), bad);
            }
        }
        try (CheckpointStore store = openStore.get()) {
            record.accept(store);
        } catch (CheckpointStoreException e) {
            throw new ConnectException(
                    "Offsets are valid but the local checkpoint store of '" + connectorName
                            + "' could not record the change (" + e.getMessage()
                            + "); nothing was changed. Make sure no task"
                            + " of this connector runs (PUT /connectors/" + connectorName + "/stop) and retry.",
                    e);
        }
    }
}
