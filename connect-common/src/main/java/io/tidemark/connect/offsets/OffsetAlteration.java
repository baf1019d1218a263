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

    /** The worker's REST error that answers HTTP 400; a plain ConnectException would answer 500. */
    private static final String BAD_REQUEST = "org.apache.kafka.connect.runtime.rest.errors.BadRequestException";

    private OffsetAlteration() {}

    /**
     * A rejection the REST API answers with 400 Bad Request: the worker's own {@code
     * BadRequestException} (a {@link ConnectException}; looked up by name, as connectors compile
     * against the Connect API only), or a plain {@link ConnectException} where the worker runtime is
     * not there (tests calling {@code alterOffsets} directly).
     */
    static ConnectException badRequest(String message, Throwable cause) {
        try {
            Class<?> c = Class.forName(BAD_REQUEST, true, ConnectException.class.getClassLoader());
            return (ConnectException)
                    c.getConstructor(String.class, Throwable.class).newInstance(message, cause);
        } catch (ReflectiveOperationException | ClassCastException | LinkageError notInAWorker) {
            return new ConnectException(message, cause);
        }
    }

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
                throw badRequest("Rejected offset change: " + bad.getMessage(), bad);
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
