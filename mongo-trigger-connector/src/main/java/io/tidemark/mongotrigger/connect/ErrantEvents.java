/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import io.tidemark.mongotrigger.stream.ChangeEvent;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to an event that cannot be evaluated by the triggers or converted into a record. Kafka
 * Connect gives source tasks no errant record reporter (its reporter and dead letter queue are for sink
 * connectors; checked up to the 4.x connect-api this build uses), so this connector writes such events to
 * its own dead letter topic: with {@code errors.tolerance=all} and {@code errors.deadletterqueue.topic.name}
 * set, the event becomes a record on that topic (its namespace, key and operation, and the error in headers)
 * whose offset moves the position past it; otherwise the task fails naming the event's namespace and
 * document key. {@code errors.tolerance=all} without a topic fails too, with a WARN saying why: skipping an
 * event without a trace would lose it.
 */
final class ErrantEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ErrantEvents.class);

    static final String ERROR_CLASS_HEADER = "tidemark.error.class";
    static final String ERROR_MESSAGE_HEADER = "tidemark.error.message";
    static final String NAMESPACE_HEADER = "tidemark.error.namespace";

    private final boolean tolerateAll;
    private final String topic;

    ErrantEvents(boolean tolerateAll, String topic) {
        this.tolerateAll = tolerateAll;
        this.topic = topic == null || topic.isBlank() ? null : topic;
    }

    /** Events are tolerated: they go to the dead letter topic. */
    boolean tolerates() {
        return tolerateAll && topic != null;
    }

    /**
     * The dead letter record of {@code event}, which failed with {@code error}, carrying {@code offset}.
     *
     * @throws ConnectException when errors are not tolerated (or there is no topic to put them in)
     */
    SourceRecord deadLetter(
            ChangeEvent event, RuntimeException error, Map<String, ?> partition, Map<String, ?> offset) {
        String where = describe(event);
        if (!tolerates()) {
            if (tolerateAll) {
                LOG.warn(
                        "errors.tolerance=all, but errors.deadletterqueue.topic.name is not set: Kafka Connect has no"
                                + " errant record reporter for source connectors, so the event {} cannot be reported"
                                + " and the task fails instead of skipping it. Set errors.deadletterqueue.topic.name to"
                                + " send such events there.",
                        where);
            }
            throw new ConnectException(
                    "Could not evaluate or convert the " + where + ": "
                            + error.getClass().getSimpleName() + ": "
                            + error.getMessage() + ". Fix the document or the trigger, or set errors.tolerance=all and"
                            + " errors.deadletterqueue.topic.name to send such events to a dead letter topic.",
                    error);
        }
        LOG.warn("Sending the {} to the dead letter topic {}: {}", where, topic, error.toString());
        BsonDocument value = new BsonDocument("operation", new BsonString(event.operationType()));
        value.put("namespace", new BsonString(event.database() + "." + event.collection()));
        if (event.documentKey() != null) {
            value.put("documentKey", event.documentKey());
        }
        value.put("error", new BsonString(error.toString()));
        SourceRecord r = new SourceRecord(
                partition,
                offset,
                topic,
                null,
                Schema.OPTIONAL_STRING_SCHEMA,
                key(event),
                Schema.STRING_SCHEMA,
                value.toJson(EventRecords.JSON_SETTINGS),
                EventRecords.timestampMillis(event));
        r.headers().addString(ERROR_CLASS_HEADER, error.getClass().getName());
        r.headers().addString(ERROR_MESSAGE_HEADER, String.valueOf(error.getMessage()));
        r.headers().addString(NAMESPACE_HEADER, event.database() + "." + event.collection());
        if (!event.resumeToken().isEmpty()) {
            r.headers().addString(EventRecords.TOKEN_HEADER, event.resumeToken().toJson());
        }
        return r;
    }

    private static String key(ChangeEvent event) {
        try {
            return event.documentKey() == null ? null : event.documentKey().toJson(EventRecords.JSON_SETTINGS);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String describe(ChangeEvent event) {
        String key;
        try {
            key = event.documentKey() == null ? "(none)" : event.documentKey().toJson();
        } catch (RuntimeException e) {
            key = "(undecodable)";
        }
        return event.operationType() + " event on " + event.database() + "." + event.collection()
                + " with document key " + key;
    }
}
