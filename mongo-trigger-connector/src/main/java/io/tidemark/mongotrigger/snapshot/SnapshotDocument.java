/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.snapshot;

import org.bson.BsonDocument;

/**
 * One copied document.
 *
 * @param namespace where it was read
 * @param document  the document as it was when read
 * @param progress  the copy's progress once this document is delivered
 */
public record SnapshotDocument(Namespace namespace, BsonDocument document, SnapshotProgress progress) {}
