/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import java.util.List;
import java.util.Objects;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;

/**
 * One change-stream event, as the rest of the connector sees it. Everything but the resume token
 * and the operation type may be absent: servers leave out what does not apply (a delete has no
 * {@code fullDocument}) or what they do not support.
 *
 * @param resumeToken              the event's {@code _id}: where a stream resumes after this event
 * @param operationType            insert, update, replace, delete, drop, invalidate, ...
 * @param database                 MongoDB database of the namespace, null when the server omits it
 * @param collection               MongoDB collection of the namespace, null when the server omits it
 * @param documentKey              {@code _id} (and shard key) of the changed document
 * @param fullDocument             the document after the change, when asked for and available
 * @param fullDocumentBeforeChange the pre-image, when asked for and available
 * @param updateDescription        updated and removed fields of an update
 * @param clusterTime              operation time on the server
 */
public record ChangeEvent(
        BsonDocument resumeToken,
        String operationType,
        String database,
        String collection,
        BsonDocument documentKey,
        BsonDocument fullDocument,
        BsonDocument fullDocumentBeforeChange,
        UpdateDescription updateDescription,
        BsonTimestamp clusterTime) {

    public ChangeEvent {
        Objects.requireNonNull(resumeToken, "resumeToken");
        Objects.requireNonNull(operationType, "operationType");
    }

    /** Fields an update set and removed. */
    public record UpdateDescription(BsonDocument updatedFields, List<String> removedFields) {
        public UpdateDescription {
            updatedFields = updatedFields == null ? new BsonDocument() : updatedFields;
            removedFields = removedFields == null ? List.of() : List.copyOf(removedFields);
        }
    }

    public boolean isDelete() {
        return "delete".equals(operationType);
    }
}
