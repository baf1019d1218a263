/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * How far the copy of existing documents got: the operation time the change stream continues from
 * once the copy is complete (taken before the copy started), the namespaces to copy (decided once, at
 * the start of the copy), the namespace being copied and the {@code _id} of its last copied document,
 * how many documents were copied, and whether the copy is complete. Kept in canonical extended JSON
 * so that {@code _id}s keep their BSON type.
 *
 * @param streamStart the operation time the change stream starts at after the copy (inclusive)
 * @param namespaces  what is copied, in order
 * @param index       the namespace being copied; {@code namespaces.size()} once all are
 * @param lastId      the {@code _id} of the last document copied from {@code namespaces[index]}, null
 *                    before its first
 * @param copied      documents copied so far (orders two progresses of one copy)
 * @param done        every namespace was copied
 */
public record SnapshotProgress(
        BsonTimestamp streamStart, List<Namespace> namespaces, int index, BsonValue lastId, long copied, boolean done) {

    private static final JsonWriterSettings CANONICAL =
            JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    public SnapshotProgress {
        Objects.requireNonNull(streamStart, "streamStart");
        namespaces = List.copyOf(namespaces);
    }

    /** A copy that has not started. */
    public static SnapshotProgress start(BsonTimestamp streamStart, List<Namespace> namespaces) {
        return new SnapshotProgress(streamStart, namespaces, 0, null, 0, false);
    }

    /** The namespace being copied, null once all are. */
    public Namespace current() {
        return index < namespaces.size() ? namespaces.get(index) : null;
    }

    /** After copying the document with {@code id} from the current namespace. */
    public SnapshotProgress copied(BsonValue id) {
        return new SnapshotProgress(streamStart, namespaces, index, id, copied + 1, false);
    }

    /** The current namespace is copied: on to the next one. */
    public SnapshotProgress nextNamespace() {
        return new SnapshotProgress(streamStart, namespaces, index + 1, null, copied, false);
    }

    /** Every namespace is copied. */
    public SnapshotProgress complete() {
        return new SnapshotProgress(streamStart, namespaces, namespaces.size(), null, copied, true);
    }

    /** True when this is further along than {@code other} (a complete copy beats an incomplete one of the same count). */
    public boolean isAfter(SnapshotProgress other) {
        return copied > other.copied || (copied == other.copied && done && !other.done);
    }

    public String toJson() {
        BsonArray ns = new BsonArray();
        namespaces.forEach(n -> ns.add(new BsonString(n.toString())));
        BsonDocument d = new BsonDocument("streamStart", streamStart)
                .append("namespaces", ns)
                .append("index", new BsonInt32(index))
                .append("copied", new BsonInt64(copied))
                .append("done", BsonBoolean.valueOf(done));
        if (lastId != null) {
            d.append("lastId", lastId);
        }
        return d.toJson(CANONICAL);
    }

    /**
     * Reads what {@link #toJson()} wrote.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static SnapshotProgress parse(String json) {
        try {
            BsonDocument d = BsonDocument.parse(json);
            List<Namespace> ns = new ArrayList<>();
            for (BsonValue v : d.getArray("namespaces")) {
                ns.add(Namespace.parse(v.asString().getValue()));
            }
            int index = d.getInt32("index").getValue();
            if (index < 0 || index > ns.size()) {
                throw new IllegalArgumentException("index " + index + " outside the " + ns.size() + " namespaces");
            }
            return new SnapshotProgress(
                    d.getTimestamp("streamStart"),
                    ns,
                    index,
                    d.get("lastId"),
                    d.getInt64("copied").getValue(),
                    d.getBoolean("done").getValue());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a snapshot progress record (" + e.getMessage() + "): " + json, e);
        }
    }

    @Override
    public String toString() {
        return done
                ? "copy complete (" + copied + " documents), stream from " + streamStart.getTime() + ":"
                        + streamStart.getInc()
                : "copy at " + current() + " after _id " + (lastId == null ? "(none)" : lastId) + " (" + copied
                        + " documents copied), stream from " + streamStart.getTime() + ":" + streamStart.getInc();
    }
}
