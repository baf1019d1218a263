/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import io.tidemark.mongotrigger.record.ValueFormat;
import io.tidemark.mongotrigger.stream.ChangeEvent;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Turns a change event (and the trigger it fired) into a record: its key, value, headers and
 * timestamp (the event's cluster time); and a stream position into a heartbeat record.
 * <ul>
 *   <li>key: the document key as relaxed extended JSON, e.g. {@code {"_id": 42}};</li>
 *   <li>value: the event as JSON ({@link ValueFormat#JSON}) or as a Struct ({@link #VALUE_SCHEMA});</li>
 *   <li>headers: {@value #TRIGGER_HEADER}, {@value #TOKEN_HEADER} and, when known,
 *       {@value #LOGICAL_DATABASE_HEADER}.</li>
 * </ul>
 */
public final class EventRecords {

    public static final String TRIGGER_HEADER = "tidemark.trigger";
    public static final String TOKEN_HEADER = "tidemark.resume.token";
    public static final String LOGICAL_DATABASE_HEADER = "tidemark.logical.database";
    /** Header of the records of the copy of existing documents (value "true"). */
    public static final String SNAPSHOT_HEADER = "tidemark.snapshot";
    /** The operation of a copied document. */
    public static final String READ_OPERATION = "read";

    public static final JsonWriterSettings JSON_SETTINGS =
            JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    public static final Schema NAMESPACE_SCHEMA = SchemaBuilder.struct()
            .name("io.tidemark.mongotrigger.Namespace")
            .field("db", Schema.OPTIONAL_STRING_SCHEMA)
            .field("coll", Schema.OPTIONAL_STRING_SCHEMA)
            .optional()
            .build();

    public static final Schema UPDATE_SCHEMA = SchemaBuilder.struct()
            .name("io.tidemark.mongotrigger.UpdateDescription")
            .field("updatedFields", Schema.OPTIONAL_STRING_SCHEMA)
            .field(
                    "removedFields",
                    SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .optional()
            .build();

    public static final Schema CLUSTER_TIME_SCHEMA = SchemaBuilder.struct()
            .name("io.tidemark.mongotrigger.ClusterTime")
            .field("seconds", Schema.INT64_SCHEMA)
            .field("increment", Schema.INT32_SCHEMA)
            .optional()
            .build();

    /** The Struct value: documents stay JSON strings because MongoDB documents have no fixed schema. */
    public static final Schema VALUE_SCHEMA = SchemaBuilder.struct()
            .name("io.tidemark.mongotrigger.ChangeEvent")
            .version(1)
            .field("operation", Schema.STRING_SCHEMA)
            .field("namespace", NAMESPACE_SCHEMA)
            .field("documentKey", Schema.OPTIONAL_STRING_SCHEMA)
            .field("fullDocument", Schema.OPTIONAL_STRING_SCHEMA)
            .field("fullDocumentBeforeChange", Schema.OPTIONAL_STRING_SCHEMA)
            .field("updateDescription", UPDATE_SCHEMA)
            .field("clusterTime", CLUSTER_TIME_SCHEMA)
            .field("logicalDatabase", Schema.OPTIONAL_STRING_SCHEMA)
            .field("trigger", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    public static final Schema KEY_SCHEMA = Schema.OPTIONAL_STRING_SCHEMA;

    private static final long MILLIS_PER_SECOND = 1000L;

    private final ValueFormat format;

    public EventRecords(ValueFormat format) {
        this.format = format;
    }

    /**
     * The record of one change event delivered to {@code topic}.
     *
     * @param trigger         the trigger that fired, or null (an unmatched event)
     * @param logicalDatabase the event's logical database, or null when unknown
     */
    public SourceRecord changeRecord(
            Map<String, ?> partition,
            Map<String, ?> offset,
            String topic,
            ChangeEvent event,
            String trigger,
            String logicalDatabase) {
        return eventRecord(
                partition,
                offset,
                topic,
                event,
                trigger,
                logicalDatabase,
                timestampMillis(event),
                TOKEN_HEADER,
                event.resumeToken().toJson());
    }

    /**
     * The record of one copied document (operation {@value #READ_OPERATION}) delivered to {@code topic}: as a
     * change record, with the header {@value #SNAPSHOT_HEADER} instead of a resume token.
     */
    public SourceRecord snapshotRecord(
            Map<String, ?> partition,
            Map<String, ?> offset,
            String topic,
            ChangeEvent event,
            String trigger,
            String logicalDatabase) {
        return eventRecord(partition, offset, topic, event, trigger, logicalDatabase, null, SNAPSHOT_HEADER, "true");
    }

    /**
     * A record of an event: its key and value, and the headers trigger (when one fired), {@code marker} (the
     * resume token of a change, the snapshot mark of a copied document) and logical database (when known).
     */
    private SourceRecord eventRecord(
            Map<String, ?> partition,
            Map<String, ?> offset,
            String topic,
            ChangeEvent event,
            String trigger,
            String logicalDatabase,
            Long timestamp,
            String marker,
            String markerValue) {
        SourceRecord r = new SourceRecord(
                partition,
                offset,
                topic,
                null,
                KEY_SCHEMA,
                key(event),
                valueSchema(),
                value(event, logicalDatabase, trigger),
                timestamp);
        Headers headers = r.headers();
        if (trigger != null) {
            headers.addString(TRIGGER_HEADER, trigger);
        }
        headers.addString(marker, markerValue);
        if (logicalDatabase != null) {
            headers.addString(LOGICAL_DATABASE_HEADER, logicalDatabase);
        }
        return r;
    }

    /** The record that marks the copy of existing documents complete; its offset carries the complete progress. */
    public static SourceRecord snapshotCompleteRecord(
            Map<String, ?> partition,
            Map<String, ?> offset,
            String topic,
            String consumerId,
            long copied,
            long epochMillis) {
        String value = new BsonDocument("consumer", new BsonString(consumerId))
                .append("snapshot", new BsonString("complete"))
                .append("copied", new BsonInt64(copied))
                .append("at", new BsonInt64(epochMillis))
                .toJson(JSON_SETTINGS);
        SourceRecord r = new SourceRecord(
                partition,
                offset,
                topic,
                null,
                Schema.STRING_SCHEMA,
                consumerId,
                Schema.STRING_SCHEMA,
                value,
                epochMillis);
        r.headers().addString(SNAPSHOT_HEADER, "true");
        return r;
    }

    /** A heartbeat record: checkpoints {@code position} although no event was delivered. */
    public static SourceRecord heartbeatRecord(
            Map<String, ?> partition,
            Map<String, ?> offset,
            String topic,
            String consumerId,
            BsonDocument position,
            long epochMillis) {
        SourceRecord r = new SourceRecord(
                partition,
                offset,
                topic,
                null,
                Schema.STRING_SCHEMA,
                consumerId,
                Schema.STRING_SCHEMA,
                heartbeat(consumerId, position, epochMillis),
                epochMillis);
        r.headers().addString(TOKEN_HEADER, position.toJson());
        return r;
    }

    /** The event's cluster time in epoch milliseconds, or null when the server sent none. */
    static Long timestampMillis(ChangeEvent event) {
        BsonTimestamp t = event.clusterTime();
        return t == null ? null : Integer.toUnsignedLong(t.getTime()) * MILLIS_PER_SECOND;
    }

    public Schema valueSchema() {
        return format == ValueFormat.JSON ? Schema.STRING_SCHEMA : VALUE_SCHEMA;
    }

    public String key(ChangeEvent event) {
        return event.documentKey() == null ? null : event.documentKey().toJson(JSON_SETTINGS);
    }

    public Object value(ChangeEvent event, String logicalDatabase, String trigger) {
        return format == ValueFormat.JSON
                ? json(event, logicalDatabase, trigger)
                : struct(event, logicalDatabase, trigger);
    }

    public static String json(ChangeEvent event, String logicalDatabase, String trigger) {
        BsonDocument doc = new BsonDocument("operation", new BsonString(event.operationType()));
        BsonDocument ns = new BsonDocument();
        if (event.database() != null) {
            ns.put("db", new BsonString(event.database()));
        }
        if (event.collection() != null) {
            ns.put("coll", new BsonString(event.collection()));
        }
        doc.put("namespace", ns);
        putIfPresent(doc, "documentKey", event.documentKey());
        putIfPresent(doc, "fullDocument", event.fullDocument());
        putIfPresent(doc, "fullDocumentBeforeChange", event.fullDocumentBeforeChange());
        if (event.updateDescription() != null) {
            BsonArray removed = new BsonArray();
            event.updateDescription().removedFields().forEach(f -> removed.add(new BsonString(f)));
            doc.put(
                    "updateDescription",
                    new BsonDocument("updatedFields", event.updateDescription().updatedFields())
                            .append("removedFields", removed));
        }
        putIfPresent(doc, "clusterTime", event.clusterTime());
        if (logicalDatabase != null) {
            doc.put("logicalDatabase", new BsonString(logicalDatabase));
        }
        if (trigger != null) {
            doc.put("trigger", new BsonString(trigger));
        }
        return doc.toJson(JSON_SETTINGS);
    }

    public static Struct struct(ChangeEvent event, String logicalDatabase, String trigger) {
        Struct s = new Struct(VALUE_SCHEMA)
                .put("operation", event.operationType())
                .put(
                        "namespace",
                        new Struct(NAMESPACE_SCHEMA).put("db", event.database()).put("coll", event.collection()))
                .put("documentKey", toJson(event.documentKey()))
                .put("fullDocument", toJson(event.fullDocument()))
                .put("fullDocumentBeforeChange", toJson(event.fullDocumentBeforeChange()))
                .put("logicalDatabase", logicalDatabase)
                .put("trigger", trigger);
        if (event.updateDescription() != null) {
            s.put(
                    "updateDescription",
                    new Struct(UPDATE_SCHEMA)
                            .put(
                                    "updatedFields",
                                    toJson(event.updateDescription().updatedFields()))
                            .put(
                                    "removedFields",
                                    List.copyOf(event.updateDescription().removedFields())));
        }
        BsonTimestamp t = event.clusterTime();
        if (t != null) {
            s.put(
                    "clusterTime",
                    new Struct(CLUSTER_TIME_SCHEMA)
                            .put("seconds", Integer.toUnsignedLong(t.getTime()))
                            .put("increment", t.getInc()));
        }
        return s;
    }

    /** The value of a heartbeat record: the token it checkpoints and when. */
    public static String heartbeat(String consumerId, BsonDocument token, long epochMillis) {
        return new BsonDocument("consumer", new BsonString(consumerId))
                .append("token", token)
                .append("at", new BsonInt64(epochMillis))
                .toJson(JSON_SETTINGS);
    }

    private static void putIfPresent(BsonDocument doc, String name, BsonValue value) {
        if (value != null) {
            doc.put(name, value);
        }
    }

    private static String toJson(BsonDocument doc) {
        return doc == null ? null : doc.toJson(JSON_SETTINGS);
    }
}
