/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.mongotrigger.checkpoint.LocalCheckpoint;
import io.tidemark.mongotrigger.stream.ChangeEvent;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonTimestamp;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An event whose document cannot be decoded (as the driver hands documents over undecoded, a corrupt one
 * fails only when a trigger or the record reads it): the task fails naming its namespace and key, or with
 * errors.tolerance=all and a dead letter topic the event goes there and the position moves past it.
 */
class ErrantEventsTest {

    final TestHarness h = new TestHarness();

    @AfterEach
    void stop() {
        if (h.task != null) {
            h.stop();
        }
    }

    /** {_id: 7, a: "x"} with the type byte of "a" replaced by one BSON does not have. */
    static RawBsonDocument corrupt() {
        byte[] bytes = RawBsonDocument.parse("{\"_id\": 7, \"a\": \"x\"}")
                .getByteBuffer()
                .array()
                .clone();
        // layout: int32 size, 0x10 "_id" 0x00 int32, then the type byte of "a"
        bytes[4 + 1 + 4 + 4] = 0x20;
        return new RawBsonDocument(bytes);
    }

    void writeCorrupt() {
        h.server.write(token -> new ChangeEvent(
                token,
                "insert",
                "shop",
                "orders",
                new BsonDocument("_id", new BsonInt32(7)),
                corrupt(),
                null,
                null,
                new BsonTimestamp(1_700_000_000, 1)));
    }

    static String[] props(String... kv) {
        String[] base = {"start.from.now", "true", "heartbeat.interval.ms", "0"};
        String[] all = new String[base.length + kv.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(kv, 0, all, base.length, kv.length);
        return all;
    }

    @Test
    void anEventThatCannotBeConvertedFailsTheTaskNamingItsNamespaceAndDocumentKey() throws Exception {
        h.start(TestHarness.props(props()));
        h.poll(1); // records the starting point
        writeCorrupt();
        assertThatThrownBy(() -> h.poll(3))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("insert event on shop.orders with document key {\"_id\": 7}")
                .hasMessageContaining("errors.deadletterqueue.topic.name");
    }

    @Test
    void toleranceAllWithoutADeadLetterTopicStillFailsTheTask() throws Exception {
        h.start(TestHarness.props(props("errors.tolerance", "all")));
        h.poll(1);
        writeCorrupt();
        assertThatThrownBy(() -> h.poll(3)).isInstanceOf(ConnectException.class).hasMessageContaining("shop.orders");
    }

    @Test
    void toleranceAllSendsTheEventToTheDeadLetterTopicAndThePositionMovesPastIt() throws Exception {
        h.start(TestHarness.props(props("errors.tolerance", "all", "errors.deadletterqueue.topic.name", "orders.dlq")));
        h.poll(1);
        writeCorrupt();
        h.server.insert(8, "a");
        List<SourceRecord> out = h.poll(3);
        assertThat(out).extracting(SourceRecord::topic).containsExactly("orders.dlq", "events");
        SourceRecord dead = out.get(0);
        assertThat(dead.key()).isEqualTo("{\"_id\": 7}");
        assertThat(dead.headers().lastWithName(ErrantEvents.NAMESPACE_HEADER).value())
                .isEqualTo("shop.orders");
        assertThat(BsonDocument.parse((String) dead.value())
                        .getString("operation")
                        .getValue())
                .isEqualTo("insert");
        h.ack(out);
        h.task.flushCheckpoint();
        assertThat(new LocalCheckpoint(h.store, "sys/checkpoints/trigger_evaluator").read())
                .isInstanceOfSatisfying(LocalCheckpoint.State.Present.class, p -> assertThat(
                                p.checkpoint().tokenDocument())
                        .isEqualTo(
                                out.get(1).sourceOffset().get("token") == null
                                        ? null
                                        : BsonDocument.parse((String)
                                                out.get(1).sourceOffset().get("token"))));
    }
}
