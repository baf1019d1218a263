/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tidemark.mongotrigger.checkpoint.LocalCheckpoint;
import io.tidemark.mongotrigger.snapshot.MongoDriverSnapshotReader;
import io.tidemark.mongotrigger.snapshot.SnapshotProgress;
import io.tidemark.mongotrigger.stream.StartPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * startup.mode=copy_existing through the task: existing documents are read from a real (in-process)
 * mongo-java-server, the change stream is the scripted one (it tells which start position the stream was
 * opened at). A crash is a new task over the same store without {@code stop()}.
 */
class CopyExistingTest {

    static final String KEY = "sys/checkpoints/trigger_evaluator";
    final TestHarness h = new TestHarness();
    final List<MongoTriggerSourceTask> killed = new ArrayList<>();
    MongoServer mongo;
    String uri;
    MongoClient client;
    MongoCollection<Document> orders;

    @BeforeEach
    void server() {
        mongo = new MongoServer(new MemoryBackend());
        uri = mongo.bindAndGetConnectionString();
        client = MongoClients.create(uri);
        orders = client.getDatabase("shop").getCollection("orders");
        for (int i = 1; i <= 20; i++) {
            orders.insertOne(new Document("_id", i).append("seq", i).append("database", i % 2 == 0 ? "even" : "odd"));
        }
        // _ids of a later BSON type than the numbers: a cursor opened after a number never sees them
        for (int i = 21; i <= 23; i++) {
            orders.insertOne(new Document("_id", "s" + i).append("seq", i).append("database", "odd"));
        }
        h.snapshotReader = () -> new MongoDriverSnapshotReader(MongoClients.create(uri), true);
    }

    @AfterEach
    void stop() {
        if (h.task != null) {
            h.stop();
        }
        killed.forEach(MongoTriggerSourceTask::stop);
        client.close();
        mongo.shutdownNow();
    }

    static Map<String, String> copyExisting(String... kv) {
        List<String> all = new ArrayList<>(List.of(
                "watch.scope",
                "collection",
                "database",
                "shop",
                "collection",
                "orders",
                "startup.mode",
                "copy_existing",
                "startup.mode.copy.existing.batch.size",
                "4",
                "poll.max.batch.size",
                "5"));
        all.addAll(List.of(kv));
        return TestHarness.props(all.toArray(String[]::new));
    }

    static List<Integer> seqs(List<SourceRecord> records) {
        List<Integer> out = new ArrayList<>();
        for (SourceRecord r : records) {
            if (!r.topic().startsWith("__")) {
                out.add(BsonDocument.parse((String) r.value())
                        .getDocument("fullDocument")
                        .getInt32("seq")
                        .getValue());
            }
        }
        return out;
    }

    /** Polls {@code n} times; acknowledges what it got when {@code ack}. */
    List<SourceRecord> poll(int n, boolean ack) throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<SourceRecord> r = h.task.poll();
            if (r != null) {
                out.addAll(r);
                if (ack) {
                    h.ack(r);
                }
            }
        }
        return out;
    }

    static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void copiesEveryExistingDocumentInIdOrderThenStreamsFromTheTimeTakenBeforeTheCopy() throws Exception {
        h.server.insert(1, "odd"); // before the copy: not streamed
        BsonTimestamp before = h.server.operationTime().time();
        h.start(copyExisting());
        List<SourceRecord> copy = poll(10, true);
        assertThat(seqs(copy)).containsExactlyElementsOf(range(1, 23));
        assertThat(copy.get(0)
                        .headers()
                        .lastWithName(EventRecords.SNAPSHOT_HEADER)
                        .value())
                .isEqualTo("true");
        assertThat(BsonDocument.parse((String) copy.get(0).value())
                        .getString("operation")
                        .getValue())
                .isEqualTo("read");
        assertThat(copy.get(copy.size() - 1).topic()).isEqualTo("__tidemark_mongo_trigger_heartbeats");
        assertThat(h.audit).anyMatch(l -> l.startsWith("AUDIT: Copying the existing documents of 1 namespace(s)"));
        h.server.insert(2, "even"); // written during/after the copy: streamed
        List<SourceRecord> streamed = poll(5, true);
        assertThat(h.server.opens()).containsExactly(StartPosition.at(before));
        assertThat(streamed).extracting(SourceRecord::key).contains("{\"_id\": 2}");
    }

    @Test
    void resumesTheCopyAfterACrashAfterTheLastAcknowledgedIdInTheLocalStore() throws Exception {
        h.start(copyExisting());
        List<SourceRecord> first = poll(2, true); // 10 documents, acknowledged
        h.clock.millis += 10_000;
        h.task.poll(); // writes the acknowledged progress (flush interval passed), hands out 5 more, unacknowledged
        killed.add(h.task);
        h.connectOffsets.clear(); // Connect never flushed its offsets
        SnapshotProgress stored = SnapshotProgress.parse(
                new LocalCheckpoint(h.store, KEY).readSnapshot().orElseThrow());
        assertThat(stored.copied()).isEqualTo(10);

        h.start(copyExisting());
        List<SourceRecord> rest = poll(10, true);
        assertThat(seqs(first)).containsExactlyElementsOf(range(1, 10));
        assertThat(seqs(rest)).containsExactlyElementsOf(range(11, 23));
        assertThat(h.audit).anyMatch(l -> l.startsWith("AUDIT: Resuming the copy of existing documents"));
    }

    @Test
    void resumesTheCopyFromConnectsOffsetWhenItIsAheadOfTheLocalStore() throws Exception {
        h.start(copyExisting("checkpoint.flush.interval.ms", "600000"));
        poll(3, true); // 15 documents acknowledged and in Connect's offsets; the local store still at the start
        killed.add(h.task);
        h.start(copyExisting("checkpoint.flush.interval.ms", "600000"));
        assertThat(seqs(poll(10, true))).containsExactlyElementsOf(range(16, 23));
    }

    @Test
    void aCompleteCopyIsNotRepeatedBeforeTheFirstStreamPosition() throws Exception {
        BsonTimestamp before = h.server.operationTime().time();
        h.start(copyExisting());
        poll(10, true);
        h.clock.millis += 10_000;
        h.task.poll();
        killed.add(h.task);
        h.start(copyExisting());
        assertThat(seqs(poll(5, true))).isEmpty();
        assertThat(h.audit).anyMatch(l -> l.startsWith("AUDIT: The copy of existing documents is complete"));
        assertThat(h.server.opens()).last().isEqualTo(StartPosition.at(before));
    }

    @Test
    void triggersAndTheLogicalDatabaseFilterApplyToCopiedDocuments() throws Exception {
        h.start(copyExisting(
                "logical.database",
                "even",
                "triggers",
                "[{\"name\": \"big\", \"operations\": [\"read\"], \"condition\": {\"seq\": {\"$gte\": 10}},"
                        + " \"topic\": \"big\"},"
                        + " {\"name\": \"inserts\", \"operations\": [\"insert\"], \"topic\": \"inserts\"}]"));
        List<SourceRecord> copy = poll(10, true);
        assertThat(seqs(copy)).containsExactly(10, 12, 14, 16, 18, 20);
        assertThat(copy).filteredOn(r -> !r.topic().startsWith("__")).allMatch(r -> r.topic()
                .equals("big"));
    }

    @Test
    void theCopysFilterAndNamespaceRegexSelectWhatIsCopied() throws Exception {
        h.start(copyExisting("startup.mode.copy.existing.pipeline", "[{\"$match\": {\"seq\": {\"$lte\": 3}}}]"));
        assertThat(seqs(poll(10, true))).containsExactly(1, 2, 3);
        h.stop();
        h.task = null;
        h.store = new io.tidemark.store.InMemoryCheckpointStore(h.store.identity());
        h.connectOffsets.clear();
        h.start(copyExisting("startup.mode.copy.existing.namespace.regex", "shop\\.other"));
        assertThat(seqs(poll(10, true))).isEmpty();
    }

    static BsonValue id(SourceRecord r) {
        return BsonDocument.parse((String) r.key()).get("_id");
    }
}
