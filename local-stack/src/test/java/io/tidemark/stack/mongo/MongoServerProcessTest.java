/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.verify.MongoWriter;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class MongoServerProcessTest {

    @Test
    void dataAndChangeStreamResumeSurviveSigkill(LocalStack stack) throws Exception {
        MongoServerProcess mongo = stack.startMongoServerProcess();
        BsonDocument token;
        try (MongoClient c = mongo.client()) {
            MongoCollection<Document> coll = c.getDatabase("demo").getCollection("events");
            try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor =
                    coll.watch().cursor()) {
                MongoWriter w = new MongoWriter(coll);
                w.insertOneByOne(3);
                assertThat(w.update(1, 1)).isEqualTo(1);
                assertThat(w.delete(2, 2)).isEqualTo(1);
                List<String> ops = new ArrayList<>();
                while (ops.size() < 5) {
                    ChangeStreamDocument<Document> e = cursor.tryNext();
                    if (e != null) {
                        ops.add(e.getOperationTypeString());
                    }
                }
                assertThat(ops).containsExactly("insert", "insert", "insert", "update", "delete");
                token = cursor.getResumeToken();
            }
            Thread.sleep(300); // the store commits every 100 ms
        }
        mongo.kill9();
        mongo.restart();
        try (MongoClient c = mongo.client()) {
            MongoCollection<Document> coll = c.getDatabase("demo").getCollection("events");
            assertThat(coll.countDocuments()).isEqualTo(2);
            coll.insertOne(new Document("_id", 99L));
            try (var cursor = coll.watch().resumeAfter(token).cursor()) {
                ChangeStreamDocument<Document> next = null;
                long deadline =
                        System.nanoTime() + 15_000_000_000L; // tryNext does not wait: poll, for a loaded machine
                while (next == null && System.nanoTime() < deadline) {
                    next = cursor.tryNext();
                    if (next == null) {
                        Thread.sleep(20);
                    }
                }
                assertThat(next).isNotNull();
                assertThat(next.getDocumentKey().get("_id").asInt64().getValue())
                        .isEqualTo(99L);
            }
        }
    }
}
