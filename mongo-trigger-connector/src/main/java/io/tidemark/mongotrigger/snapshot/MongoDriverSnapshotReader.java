/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.snapshot;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

/**
 * {@link SnapshotReader} over mongodb-driver-sync: {@code find(filter and _id > last).sort({_id: 1})}
 * with the configured batch size, so a namespace is read through one cursor and an index (the
 * {@code _id} index) orders it. Documents stay undecoded ({@link RawBsonDocument}) until read.
 */
public final class MongoDriverSnapshotReader implements SnapshotReader {

    private static final Set<String> INTERNAL_DATABASES = Set.of("admin", "local", "config");
    private static final BsonDocument BY_ID = new BsonDocument("_id", new BsonInt32(1));

    private final MongoClient client;
    private final boolean ownsClient;

    public MongoDriverSnapshotReader(MongoClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
    }

    @Override
    public List<String> databases() {
        List<String> out = new ArrayList<>();
        for (String db : client.listDatabaseNames()) {
            if (!INTERNAL_DATABASES.contains(db)) {
                out.add(db);
            }
        }
        out.sort(null);
        return out;
    }

    @Override
    public List<String> collections(String database) {
        List<String> out = new ArrayList<>();
        for (BsonDocument c : client.getDatabase(database).listCollections(BsonDocument.class)) {
            String name = c.getString("name").getValue();
            boolean view =
                    c.isString("type") && "view".equals(c.getString("type").getValue());
            if (!view && !name.startsWith("system.")) {
                out.add(name);
            }
        }
        out.sort(null);
        return out;
    }

    @Override
    public DocumentCursor open(Namespace ns, BsonDocument filter, BsonValue afterId, int batchSize) {
        BsonDocument query =
                afterId == null ? filter : and(filter, new BsonDocument("_id", new BsonDocument("$gt", afterId)));
        MongoCursor<RawBsonDocument> cursor =
                collection(ns).find(query).sort(BY_ID).batchSize(batchSize).iterator();
        return new DocumentCursor() {
            @Override
            public BsonDocument next() {
                return cursor.hasNext() ? cursor.next() : null;
            }

            @Override
            public void close() {
                cursor.close();
            }
        };
    }

    @Override
    public Optional<BsonDocument> firstAfterAcrossTypes(Namespace ns, BsonDocument filter, BsonValue id) {
        BsonDocument later = new BsonDocument(
                "$expr",
                new BsonDocument(
                        "$gt", new BsonArray(List.of(new BsonString("$_id"), new BsonDocument("$literal", id)))));
        return Optional.ofNullable(
                collection(ns).find(and(filter, later)).sort(BY_ID).limit(1).first());
    }

    private MongoCollection<RawBsonDocument> collection(Namespace ns) {
        return client.getDatabase(ns.database()).getCollection(ns.collection(), RawBsonDocument.class);
    }

    private static BsonDocument and(BsonDocument filter, BsonDocument condition) {
        return filter.isEmpty() ? condition : new BsonDocument("$and", new BsonArray(List.of(filter, condition)));
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
