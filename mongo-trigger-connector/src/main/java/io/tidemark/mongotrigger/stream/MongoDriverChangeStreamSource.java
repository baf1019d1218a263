/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import com.mongodb.MongoClientException;
import com.mongodb.MongoNamespace;
import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.FullDocumentBeforeChange;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

/**
 * {@link ChangeStreamSource} over mongodb-driver-sync. Documents are decoded lazily
 * ({@link RawBsonDocument}): only what a trigger or the record reads is ever parsed.
 */
public final class MongoDriverChangeStreamSource implements ChangeStreamSource {

    private final MongoClient client;
    private final boolean ownsClient;
    private final WatchOptions options;

    public MongoDriverChangeStreamSource(MongoClient client, WatchOptions options, boolean ownsClient) {
        this.client = client;
        this.options = options;
        this.ownsClient = ownsClient;
    }

    @Override
    public ChangeCursor open(StartPosition start) {
        List<BsonDocument> pipeline = options.pipeline();
        WatchScope scope = options.scope();
        ChangeStreamIterable<RawBsonDocument> stream =
                switch (scope.level()) {
                    case COLLECTION ->
                        client.getDatabase(scope.database())
                                .getCollection(scope.collection(), RawBsonDocument.class)
                                .watch(pipeline, RawBsonDocument.class);
                    case DATABASE -> client.getDatabase(scope.database()).watch(pipeline, RawBsonDocument.class);
                    case DEPLOYMENT -> client.watch(pipeline, RawBsonDocument.class);
                };
        if (!"default".equals(options.fullDocument())) {
            stream = stream.fullDocument(FullDocument.fromString(options.fullDocument()));
        }
        if (!"off".equals(options.fullDocumentBeforeChange())) {
            stream = stream.fullDocumentBeforeChange(
                    FullDocumentBeforeChange.fromString(options.fullDocumentBeforeChange()));
        }
        if (options.batchSize() > 0) {
            stream = stream.batchSize(options.batchSize());
        }
        stream = stream.maxAwaitTime(options.maxAwaitTime().toMillis(), TimeUnit.MILLISECONDS);
        if (start instanceof StartPosition.AfterToken after) {
            stream = stream.startAfter(after.token());
        } else if (start instanceof StartPosition.AtOperationTime at) {
            stream = stream.startAtOperationTime(at.time());
        }
        return new DriverCursor(stream.cursor(), scope);
    }

    /**
     * Runs {@code isMaster} (mongo-java-server knows no {@code hello}) on {@code admin} and takes, in
     * this order: the reply's {@code operationTime} (replica sets and sharded clusters), its
     * {@code $clusterTime.clusterTime}, or, for servers that report neither (mongo-java-server), the
     * start of the second of its {@code localTime}: a little earlier than now, so a stream started there
     * may see changes of that second again, never miss one.
     */
    @Override
    public ServerTime operationTime() {
        BsonDocument reply = client.getDatabase("admin")
                .runCommand(new BsonDocument("isMaster", new BsonInt32(1)), BsonDocument.class);
        if (reply.isTimestamp("operationTime")) {
            return new ServerTime(reply.getTimestamp("operationTime"), "the server's operationTime");
        }
        if (reply.isDocument("$clusterTime")
                && reply.getDocument("$clusterTime").isTimestamp("clusterTime")) {
            return new ServerTime(
                    reply.getDocument("$clusterTime").getTimestamp("clusterTime"), "the server's clusterTime");
        }
        if (reply.isDateTime("localTime")) {
            long seconds = Math.floorDiv(reply.getDateTime("localTime").getValue(), 1000L);
            return new ServerTime(
                    new BsonTimestamp((int) seconds, 0),
                    "the start of the second of the server's clock (localTime; it reports no operationTime)");
        }
        throw new MongoClientException("The server's isMaster reply has no operationTime, $clusterTime or"
                + " localTime, so the point the change stream starts from cannot be recorded. Set"
                + " start.at.operation.time=<seconds>[:<increment>] instead of start.from.now=true.");
    }

    /**
     * The first entry of {@code local.oplog.rs} in natural (insertion) order: what {@code rs.printReplicationInfo()}
     * reads. Empty when the collection is missing or empty (a standalone server, mongo-java-server); a user
     * without read access on {@code local} gets the server's error (the clusterMonitor role grants it).
     */
    @Override
    public Optional<BsonTimestamp> oldestOplogEntry() {
        BsonDocument first = client.getDatabase("local")
                .getCollection("oplog.rs", BsonDocument.class)
                .find()
                .sort(new BsonDocument("$natural", new BsonInt32(1)))
                .projection(new BsonDocument("ts", new BsonInt32(1)))
                .limit(1)
                .first();
        return first != null && first.isTimestamp("ts") ? Optional.of(first.getTimestamp("ts")) : Optional.empty();
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    private static final class DriverCursor implements ChangeCursor {
        private final MongoChangeStreamCursor<ChangeStreamDocument<RawBsonDocument>> cursor;
        private final WatchScope scope;

        DriverCursor(MongoChangeStreamCursor<ChangeStreamDocument<RawBsonDocument>> cursor, WatchScope scope) {
            this.cursor = cursor;
            this.scope = scope;
        }

        @Override
        public ChangeEvent tryNext() {
            ChangeStreamDocument<RawBsonDocument> d = cursor.tryNext();
            return d == null ? null : toEvent(d, scope);
        }

        @Override
        public BsonDocument resumeToken() {
            return cursor.getResumeToken();
        }

        @Override
        public void close() {
            cursor.close();
        }
    }

    static ChangeEvent toEvent(ChangeStreamDocument<RawBsonDocument> d, WatchScope scope) {
        MongoNamespace ns = d.getNamespace();
        String db = ns != null ? ns.getDatabaseName() : d.getDatabaseName();
        String coll = ns != null ? ns.getCollectionName() : null;
        if (db == null && scope.level() != WatchScope.Level.DEPLOYMENT) {
            db = scope.database(); // servers that omit ns (mongo-java-server) on a scoped watch
        }
        if (coll == null && scope.level() == WatchScope.Level.COLLECTION) {
            coll = scope.collection();
        }
        BsonDocument fullDocument = d.getFullDocument();
        BsonDocument documentKey = documentKey(d.getDocumentKey(), fullDocument);
        ChangeEvent.UpdateDescription update = d.getUpdateDescription() == null
                ? null
                : new ChangeEvent.UpdateDescription(
                        d.getUpdateDescription().getUpdatedFields(),
                        d.getUpdateDescription().getRemovedFields());
        return new ChangeEvent(
                d.getResumeToken(),
                d.getOperationTypeString(),
                db,
                coll,
                documentKey,
                fullDocument,
                d.getFullDocumentBeforeChange(),
                update,
                d.getClusterTime());
    }

    /**
     * The document key; when the server sent one without {@code _id} (mongo-java-server puts the
     * update spec there) the {@code _id} of the full document is used instead.
     */
    static BsonDocument documentKey(BsonDocument key, BsonDocument fullDocument) {
        if (key != null && key.containsKey("_id")) {
            return key;
        }
        if (fullDocument != null) {
            BsonValue id = fullDocument.get("_id");
            if (id != null) {
                return new BsonDocument("_id", id);
            }
        }
        return key;
    }
}
