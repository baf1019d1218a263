/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.snapshot;

import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Copies the existing documents of the namespaces of a {@link SnapshotProgress}, one at a time, from
 * where that progress says: each namespace through one cursor in ascending {@code _id} order; after a
 * failure (or a restart) the cursor reopens after the last {@code _id} handed out. When a namespace's
 * cursor is exhausted, documents whose {@code _id} has a later BSON type than the last one are looked
 * for (a cursor opened after an {@code _id} compares within its type), so mixed {@code _id} types are
 * copied too. Not thread-safe: one reader.
 */
public final class SnapshotCopier implements AutoCloseable {

    private final SnapshotReader reader;
    private final BsonDocument filter;
    private final int batchSize;
    private SnapshotProgress progress;
    private SnapshotReader.DocumentCursor cursor;

    public SnapshotCopier(SnapshotReader reader, BsonDocument filter, int batchSize, SnapshotProgress from) {
        this.reader = reader;
        this.filter = filter == null ? new BsonDocument() : filter;
        this.batchSize = batchSize;
        this.progress = from;
    }

    /** The progress once every document handed out so far is delivered. */
    public SnapshotProgress progress() {
        return progress;
    }

    public boolean isComplete() {
        return progress.done();
    }

    /**
     * The next document, or null once the copy is complete ({@link #progress()} is then done). A
     * failure of the server closes the cursor and propagates; the next call reopens it after the last
     * document handed out.
     */
    public SnapshotDocument next() {
        while (!progress.done()) {
            Namespace ns = progress.current();
            if (ns == null) {
                progress = progress.complete();
                return null;
            }
            try {
                if (cursor == null) {
                    cursor = reader.open(ns, filter, progress.lastId(), batchSize);
                }
                BsonDocument d = cursor.next();
                if (d != null) {
                    return handOut(ns, d);
                }
                closeCursor();
                if (progress.lastId() != null) {
                    Optional<BsonDocument> later = reader.firstAfterAcrossTypes(ns, filter, progress.lastId());
                    if (later.isPresent()) {
                        return handOut(ns, later.get());
                    }
                }
                progress = progress.nextNamespace();
            } catch (RuntimeException e) {
                closeCursor();
                throw e;
            }
        }
        return null;
    }

    private SnapshotDocument handOut(Namespace ns, BsonDocument d) {
        BsonValue id = d.get("_id");
        if (id == null) {
            throw new IllegalStateException("a document of " + ns + " has no _id");
        }
        progress = progress.copied(id);
        return new SnapshotDocument(ns, d, progress);
    }

    private void closeCursor() {
        if (cursor != null) {
            try {
                cursor.close();
            } finally {
                cursor = null;
            }
        }
    }

    @Override
    public void close() {
        try {
            closeCursor();
        } finally {
            reader.close();
        }
    }
}
