/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.tidemark.connect.retry.Backoff;
import io.tidemark.mongotrigger.filter.LogicalDatabaseFilter;
import io.tidemark.mongotrigger.filter.UnresolvedAction;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * What mongo-java-server cannot show, against a real single-node replica set (MongoDB 7). Runs
 * where Docker exists; the twins that run everywhere are {@link ResumableStreamTest} and the
 * scripted-source task tests (history lost, post-batch tokens, deployment-wide watch, step-down).
 */
@Testcontainers(disabledWithoutDocker = true)
class MongoTriggerRealReplicaSetIT {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7.0");

    static MongoClient client;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(MONGO.getReplicaSetUrl());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    static ResumableStream stream(WatchOptions options, StartPosition start, List<String> audit) {
        return new ResumableStream(
                new MongoDriverChangeStreamSource(client, options, false),
                start,
                HistoryLostAction.FAIL,
                Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(1)),
                Duration.ofSeconds(30),
                Clock.systemUTC(),
                audit::add,
                "reset the offsets");
    }

    static List<ChangeEvent> read(ResumableStream s, int n) {
        List<ChangeEvent> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (out.size() < n && System.nanoTime() < deadline) {
            ChangeEvent e = s.next();
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void deploymentWideWatchSeesEveryDatabaseWithNamespaces() {
        ResumableStream s = stream(
                new WatchOptions(
                        WatchScope.deployment(), List.of(), "updateLookup", "off", 100, Duration.ofMillis(200)),
                StartPosition.now(),
                new ArrayList<>());
        s.next();
        client.getDatabase("rs_a").getCollection("users").insertOne(new Document("_id", 1).append("database", "t1"));
        client.getDatabase("rs_b").getCollection("orders").insertOne(new Document("_id", 2).append("database", "t2"));
        List<ChangeEvent> events = read(s, 2);
        assertThat(events).extracting(ChangeEvent::database).containsExactly("rs_a", "rs_b");
        assertThat(events).extracting(ChangeEvent::collection).containsExactly("users", "orders");
        s.close();
    }

    @Test
    void postBatchTokenAdvancesOnAFilteredStreamAndResumesThere() {
        BsonDocument nothing = BsonDocument.parse("{\"$match\": {\"operationType\": \"no-such-operation\"}}");
        ResumableStream s = stream(
                new WatchOptions(
                        WatchScope.database("rs_pbrt"),
                        List.of(nothing),
                        "default",
                        "off",
                        100,
                        Duration.ofMillis(200)),
                StartPosition.now(),
                new ArrayList<>());
        s.next();
        BsonDocument before = s.position();
        for (int i = 0; i < 20; i++) {
            client.getDatabase("rs_pbrt").getCollection("c").insertOne(new Document("i", i));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline
                && (s.position() == null || s.position().equals(before))) {
            assertThat(s.next()).isNull();
        }
        assertThat(s.position()).isNotNull().isNotEqualTo(before);
        ResumableStream resumed = stream(
                new WatchOptions(
                        WatchScope.database("rs_pbrt"), List.of(), "default", "off", 100, Duration.ofMillis(200)),
                StartPosition.after(s.position()),
                new ArrayList<>());
        client.getDatabase("rs_pbrt").getCollection("c").insertOne(new Document("i", 99));
        assertThat(read(resumed, 1)).singleElement().satisfies(e -> assertThat(e.operationType())
                .isEqualTo("insert"));
        s.close();
        resumed.close();
    }

    @Test
    void deletesAreFilteredByLogicalDatabaseThroughPreImages() {
        MongoDatabase db = client.getDatabase("rs_pre");
        db.createCollection("docs");
        db.runCommand(
                new Document("collMod", "docs").append("changeStreamPreAndPostImages", new Document("enabled", true)));
        ResumableStream s = stream(
                new WatchOptions(
                        WatchScope.collection("rs_pre", "docs"),
                        List.of(),
                        "updateLookup",
                        "whenAvailable",
                        100,
                        Duration.ofMillis(200)),
                StartPosition.now(),
                new ArrayList<>());
        s.next();
        db.getCollection("docs").insertOne(new Document("_id", 1).append("database", "tenant-a"));
        db.getCollection("docs").insertOne(new Document("_id", 2).append("database", "tenant-b"));
        db.getCollection("docs").deleteOne(Filters.eq("_id", 1));
        db.getCollection("docs").deleteOne(Filters.eq("_id", 2));
        LogicalDatabaseFilter tenantA = new LogicalDatabaseFilter("database", "tenant-a", null, UnresolvedAction.FAIL);
        List<ChangeEvent> kept =
                read(s, 4).stream().filter(e -> tenantA.decide(e).keep()).toList();
        assertThat(kept).extracting(ChangeEvent::operationType).containsExactly("insert", "delete");
        s.close();
    }

    @Test
    void aResumeTokenTheServerDoesNotKnowIsHistoryLost() {
        BsonDocument bogus = BsonDocument.parse("{\"_data\": \"8200000001000000012B0229296E04\"}");
        ResumableStream s = stream(
                new WatchOptions(
                        WatchScope.collection("rs_lost", "c"),
                        List.of(),
                        "default",
                        "off",
                        100,
                        Duration.ofMillis(200)),
                StartPosition.after(bogus),
                new ArrayList<>());
        client.getDatabase("rs_lost").getCollection("c").insertOne(new Document("i", 1));
        assertThatThrownBy(() -> read(s, 1)).isInstanceOfSatisfying(StreamException.class, e -> assertThat(e.kind())
                .isEqualTo(ErrorKind.HISTORY_LOST));
        s.close();
    }
}
