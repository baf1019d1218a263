/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import com.mongodb.MongoCommandException;
import com.mongodb.ServerAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonTimestamp;

/**
 * A scripted change-stream server for what mongo-java-server cannot do: an oplog whose start can be
 * truncated (history lost, code 286), post-batch resume tokens that advance over entries the stream
 * does not show (other namespaces, filtered events, no-ops), events of several databases
 * (deployment-wide watch) and injected failures (step-downs, network errors). Thread-safe.
 */
public final class ScriptedChangeStreamSource implements ChangeStreamSource {

    private record Entry(ChangeEvent event, boolean visible) {}

    private final List<Entry> oplog = new ArrayList<>();
    private final Deque<RuntimeException> failures = new ArrayDeque<>();
    private final List<StartPosition> opens = Collections.synchronizedList(new ArrayList<>());
    private boolean postBatchTokens;
    private int truncatedBefore;
    private int batchSize = Integer.MAX_VALUE;
    private boolean closed;
    private int operationTimeCalls;

    /** Whether cursors report post-batch resume tokens once caught up (real servers do). */
    public synchronized ScriptedChangeStreamSource postBatchTokens(boolean on) {
        this.postBatchTokens = on;
        return this;
    }

    /** Events per simulated batch: at most this many tryNext calls return events before one returns null. */
    public synchronized ScriptedChangeStreamSource batchSize(int n) {
        this.batchSize = n;
        return this;
    }

    public static BsonDocument token(int index) {
        return new BsonDocument("_data", new BsonString(String.format("82%016X", index)));
    }

    static int indexOf(BsonDocument token) {
        return Integer.parseInt(token.getString("_data").getValue().substring(2), 16);
    }

    /** Appends an event visible to the stream; returns it. */
    public synchronized ChangeEvent write(String op, String db, String coll, BsonDocument doc) {
        int i = oplog.size();
        BsonDocument key = new BsonDocument("_id", doc.get("_id"));
        ChangeEvent e = new ChangeEvent(
                token(i),
                op,
                db,
                coll,
                key,
                op.equals("delete") ? null : doc,
                null,
                null,
                new BsonTimestamp(1_700_000_000 + i, 1));
        oplog.add(new Entry(e, true));
        return e;
    }

    /** Appends an event with an explicit shape (pre-images, update descriptions). */
    public synchronized ChangeEvent write(java.util.function.Function<BsonDocument, ChangeEvent> byToken) {
        ChangeEvent e = byToken.apply(token(oplog.size()));
        oplog.add(new Entry(e, true));
        return e;
    }

    public synchronized ChangeEvent insert(int id, String logicalDb) {
        return write(
                "insert",
                "app",
                "docs",
                new BsonDocument("_id", new BsonInt32(id)).append("database", new BsonString(logicalDb)));
    }

    /** Appends {@code n} oplog entries the stream does not show (writes elsewhere, no-ops). */
    public synchronized void invisible(int n) {
        for (int k = 0; k < n; k++) {
            int i = oplog.size();
            oplog.add(new Entry(
                    new ChangeEvent(
                            token(i),
                            "noop",
                            "other",
                            "other",
                            new BsonDocument(),
                            null,
                            null,
                            null,
                            new BsonTimestamp(1_700_000_000 + i, 1)),
                    false));
        }
    }

    /** Makes every position before {@code index} unavailable: resuming there fails with code 286. */
    public synchronized void truncateBefore(int index) {
        this.truncatedBefore = index;
    }

    /** The next cursor operation (open or tryNext) throws {@code e}. */
    public synchronized void failNext(RuntimeException e) {
        failures.addLast(e);
    }

    public List<StartPosition> opens() {
        synchronized (opens) {
            return List.copyOf(opens);
        }
    }

    public synchronized int size() {
        return oplog.size();
    }

    public static MongoCommandException commandError(int code, String name, String message) {
        return new MongoCommandException(
                new BsonDocument("ok", new BsonInt32(0))
                        .append("code", new BsonInt32(code))
                        .append("codeName", new BsonString(name))
                        .append("errmsg", new BsonString(message)),
                new ServerAddress("scripted", 27017));
    }

    /**
     * The operation time just before the next entry: a stream started there sees every entry written
     * after this call. Injected failures surface here too.
     */
    @Override
    public synchronized ServerTime operationTime() {
        operationTimeCalls++;
        RuntimeException f = failures.pollFirst();
        if (f != null) {
            throw f;
        }
        return new ServerTime(new BsonTimestamp(1_700_000_000 + oplog.size(), 0), "the scripted server's clock");
    }

    public synchronized int operationTimeCalls() {
        return operationTimeCalls;
    }

    @Override
    public synchronized ChangeCursor open(StartPosition start) {
        opens.add(start);
        RuntimeException f = failures.pollFirst();
        if (f != null) {
            throw f;
        }
        int from;
        if (start instanceof StartPosition.AfterToken after) {
            int i = indexOf(after.token());
            if (i + 1 < truncatedBefore) {
                throw commandError(
                        286,
                        "ChangeStreamHistoryLost",
                        "Resume of change stream was not possible, as the resume point may no longer be in the oplog.");
            }
            from = i + 1;
        } else if (start instanceof StartPosition.AtOperationTime at) {
            from = 0;
            while (from < oplog.size() && oplog.get(from).event().clusterTime().compareTo(at.time()) < 0) {
                from++;
            }
            if (from < truncatedBefore) {
                throw commandError(286, "ChangeStreamHistoryLost", "operation time is older than the oplog");
            }
        } else {
            from = oplog.size();
        }
        return new Cursor(from);
    }

    private final class Cursor implements ChangeCursor {
        private int next;
        private BsonDocument last;
        private int inBatch;
        private boolean open = true;

        Cursor(int from) {
            this.next = from;
        }

        @Override
        public ChangeEvent tryNext() {
            synchronized (ScriptedChangeStreamSource.this) {
                if (!open) {
                    throw new IllegalStateException("cursor closed");
                }
                RuntimeException f = failures.pollFirst();
                if (f != null) {
                    throw f;
                }
                if (inBatch >= batchSize) {
                    inBatch = 0;
                    return null;
                }
                while (next < oplog.size()) {
                    Entry e = oplog.get(next++);
                    if (e.visible()) {
                        last = e.event().resumeToken();
                        inBatch++;
                        return e.event();
                    }
                }
                inBatch = 0;
                return null;
            }
        }

        @Override
        public BsonDocument resumeToken() {
            synchronized (ScriptedChangeStreamSource.this) {
                if (postBatchTokens && next >= oplog.size() && !oplog.isEmpty()) {
                    return token(oplog.size() - 1);
                }
                return last;
            }
        }

        @Override
        public void close() {
            open = false;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    public synchronized boolean closed() {
        return closed;
    }
}
