/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.snapshot;

import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/** Reads existing documents for the copy. The seam between the copy and the MongoDB driver. */
public interface SnapshotReader extends AutoCloseable {

    /** The databases of the deployment, without admin, local and config. */
    List<String> databases();

    /** The collections of {@code database}, without system collections and views. */
    List<String> collections(String database);

    /**
     * A cursor over the documents of {@code ns} matching {@code filter} in ascending {@code _id} order,
     * starting after {@code afterId} (exclusive) compared within the BSON type of {@code afterId}, or
     * from the first document when it is null.
     */
    DocumentCursor open(Namespace ns, BsonDocument filter, BsonValue afterId, int batchSize);

    /**
     * The first document of {@code ns} matching {@code filter} whose {@code _id} sorts after {@code id} in
     * BSON order across types (a cursor opened after {@code id} only sees {@code _id}s of its type).
     */
    Optional<BsonDocument> firstAfterAcrossTypes(Namespace ns, BsonDocument filter, BsonValue id);

    @Override
    void close();

    /** An open cursor. Not thread-safe. */
    interface DocumentCursor extends AutoCloseable {
        /** The next document, or null when there are no more. */
        BsonDocument next();

        @Override
        void close();
    }
}
