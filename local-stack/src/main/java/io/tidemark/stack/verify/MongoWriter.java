/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.verify;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * Writes documents with sequence ids to a collection: {@code {_id: seq, seq: seq, payload: "...", version: 0}}.
 * Sequences start at 1 and increase with each insert.
 */
public final class MongoWriter {
    private final MongoCollection<Document> collection;
    private long nextSeq = 1;

    public MongoWriter(MongoCollection<Document> collection) {
        this.collection = collection;
    }

    public MongoCollection<Document> collection() {
        return collection;
    }

    public synchronized long nextSeq() {
        return nextSeq;
    }

    /** Inserts {@code n} documents (one insertMany); returns the last sequence inserted. */
    public synchronized long insert(int n) {
        if (n <= 0) {
            return nextSeq - 1;
        }
        List<Document> docs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long s = nextSeq++;
            docs.add(new Document("_id", s)
                    .append("seq", s)
                    .append("payload", "document " + s)
                    .append("version", 0));
        }
        collection.insertMany(docs);
        return nextSeq - 1;
    }

    /** Inserts {@code n} documents one insertOne each (one change event per call). */
    public synchronized long insertOneByOne(int n) {
        for (int i = 0; i < n; i++) {
            long s = nextSeq++;
            collection.insertOne(new Document("_id", s)
                    .append("seq", s)
                    .append("payload", "document " + s)
                    .append("version", 0));
        }
        return nextSeq - 1;
    }

    /** Increments "version" and sets "updated" on documents with seq in [from, to] (one update each); returns how many matched. */
    public long update(long from, long to) {
        long matched = 0;
        for (long s = from; s <= to; s++) {
            matched += collection
                    .updateOne(
                            Filters.eq("_id", s),
                            Updates.combine(Updates.inc("version", 1), Updates.set("updated", true)))
                    .getMatchedCount();
        }
        return matched;
    }

    /** Deletes documents with seq in [from, to] (one delete each); returns how many were deleted. */
    public long delete(long from, long to) {
        long deleted = 0;
        for (long s = from; s <= to; s++) {
            deleted += collection.deleteOne(Filters.eq("_id", s)).getDeletedCount();
        }
        return deleted;
    }
}
