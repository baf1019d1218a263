/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config;

import io.tidemark.store.StoreIdentity;
import java.nio.file.Path;

/**
 * Where a connector's checkpoint store lives and the identity it is opened with. Every connector
 * names its store's owner the same way, {@code <plugin>/<connectorName>}, so a store copied to
 * another connector or plugin is refused instead of read.
 */
public record StoreAddress(Path directory, StoreIdentity identity) {

    /** The owner every connector's store records: {@code <plugin>/<connectorName>}. */
    public static StoreIdentity identity(String plugin, String connectorName, int schemeVersion) {
        return new StoreIdentity(plugin + "/" + connectorName, schemeVersion);
    }
}
