/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real driver against the in-process mongo-java-server (collection-level watch). */
class MongoDriverChangeStreamSourceTest {

    MongoServer server;
    MongoClient client;
    MongoCollection<Document> docs;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.enableOplog();
        String uri = server.bindAndGetConnectionString();
        client = MongoClients.create(uri);
        docs = client.getDatabase("app").getCollection("docs");
        docs.insertOne(new Document("_id", -1)); // create the collection
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    MongoDriverChangeStreamSource source() {
        return new MongoDriverChangeStreamSource(
                client,
                new WatchOptions(
                        WatchScope.collection("app", "docs"),
                        List.of(),
                        "updateLookup",
                        "off",
                        100,
                        Duration.ofMillis(100)),
                false);
    }

    static List<ChangeEvent> drain(ChangeCursor c) {
        List<ChangeEvent> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        ChangeEvent e;
        while (System.nanoTime() < deadline) {
            e = c.tryNext();
            if (e != null) {
                out.add(e);
                deadline = System.nanoTime() + Duration.ofMillis(300).toNanos();
            }
        }
        return out;
    }

    @Test
    void documentKeyWithoutIdFallsBackToTheFullDocument() {
        BsonDocument spec = BsonDocument.parse("{\"$set\": {\"a\": 1}}");
        assertThat(MongoDriverChangeStreamSource.documentKey(spec, BsonDocument.parse("{\"_id\": 9, \"a\": 1}")))
                .isEqualTo(BsonDocument.parse("{\"_id\": 9}"));
        assertThat(MongoDriverChangeStreamSource.documentKey(BsonDocument.parse("{\"_id\": 3}"), null))
                .isEqualTo(BsonDocument.parse("{\"_id\": 3}"));
        assertThat(MongoDriverChangeStreamSource.documentKey(spec, BsonDocument.parse("{\"a\": 1}")))
                .isEqualTo(spec);
    }

    @Test
    void readsInsertsUpdatesDeletesAndResumesAfterAToken() {
        try (ChangeStreamSource source = source();
                ChangeCursor cursor = source.open(StartPosition.now())) {
            cursor.tryNext();
            docs.insertOne(new Document("_id", 1).append("database", "tenant-a").append("total", 5));
            docs.updateOne(Filters.eq("_id", 1), Updates.set("total", 500));
            docs.deleteOne(Filters.eq("_id", 1));
            docs.insertOne(new Document("_id", 2).append("database", "tenant-b"));

            List<ChangeEvent> events = drain(cursor);
            assertThat(events)
                    .extracting(ChangeEvent::operationType)
                    .containsExactly("insert", "update", "delete", "insert");
            ChangeEvent insert = events.get(0);
            assertThat(insert.database()).isEqualTo("app");
            assertThat(insert.collection()).isEqualTo("docs");
            assertThat(insert.documentKey()).isEqualTo(BsonDocument.parse("{\"_id\": 1}"));
            assertThat(insert.fullDocument().getString("database").getValue()).isEqualTo("tenant-a");
            assertThat(events.get(1).fullDocument().getInt32("total").getValue())
                    .isEqualTo(500);
            // mongo-java-server: an update's documentKey is the update spec and its "full document" lacks _id
            assertThat(events.get(2).fullDocument()).isNull();
            assertThat(events.get(2).documentKey()).isEqualTo(BsonDocument.parse("{\"_id\": 1}"));

            try (ChangeCursor resumed =
                    source.open(StartPosition.after(events.get(1).resumeToken()))) {
                assertThat(drain(resumed))
                        .extracting(ChangeEvent::operationType)
                        .containsExactly("delete", "insert");
            }
        }
    }

    @Test
    void aStreamStartedAtTheServersOperationTimeSeesEveryLaterChange() {
        try (ChangeStreamSource source = source()) {
            ServerTime now = source.operationTime();
            // mongo-java-server reports no operationTime: the start of the second of its clock
            assertThat(now.basis()).contains("localTime");
            assertThat(now.time().getInc()).isZero();
            assertThat((long) now.time().getTime()).isCloseTo(System.currentTimeMillis() / 1000, within(5L));
            docs.insertOne(new Document("_id", 10));
            docs.insertOne(new Document("_id", 11));
            try (ChangeCursor cursor = source.open(StartPosition.at(now.time()))) {
                assertThat(drain(cursor))
                        .extracting(e -> e.documentKey().get("_id").asInt32().getValue())
                        .endsWith(10, 11);
            }
        }
    }

    @Test
    void theOldestOplogEntryIsTheFirstWriteAndStaysSoAsMoreAreWritten() {
        long now = System.currentTimeMillis() / 1000;
        org.bson.BsonTimestamp oldest = source().oldestOplogEntry().orElseThrow();
        assertThat((long) oldest.getTime()).isBetween(now - 60, now + 1);
        docs.insertOne(new Document("_id", 1));
        docs.insertOne(new Document("_id", 2));
        assertThat(source().oldestOplogEntry()).hasValue(oldest);
    }
}
