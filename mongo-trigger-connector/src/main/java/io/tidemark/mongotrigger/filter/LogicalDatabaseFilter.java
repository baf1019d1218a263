/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.filter;

import io.tidemark.mongotrigger.stream.ChangeEvent;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Filtering by logical database: every document carries the logical database in a
 * field (default {@code database}); the connector watches all of them through one global stream
 * and keeps the events of one logical database (or all when none is configured) after they arrive.
 *
 * <p>The logical database of an event is read from, in order: the full document; the pre-image
 * (fullDocumentBeforeChange, how deletes are resolved on MongoDB 6.0+ with pre-images enabled);
 * the document key at {@code documentKeyPath} (how deletes are resolved when the logical database
 * is part of {@code _id} or the shard key); the fields an update set. When none has it, the
 * {@link UnresolvedAction} applies.
 */
public final class LogicalDatabaseFilter {

    /** The outcome for one event. */
    public record Decision(boolean keep, String logicalDatabase, boolean unresolved) {}

    private final String field;
    private final String[] fieldPath;
    private final String wanted;
    private final String[] documentKeyPath;
    private final UnresolvedAction unresolvedAction;

    /**
     * @param field            dotted path of the logical database field in documents
     * @param wanted           the logical database to keep; empty or null keeps all
     * @param documentKeyPath  dotted path inside the document key holding it, or null
     * @param unresolvedAction what to do when an event does not tell its logical database
     */
    public LogicalDatabaseFilter(
            String field, String wanted, String documentKeyPath, UnresolvedAction unresolvedAction) {
        this.field = field;
        this.fieldPath = field.split("\\.");
        this.wanted = wanted == null || wanted.isEmpty() ? null : wanted;
        this.documentKeyPath =
                documentKeyPath == null || documentKeyPath.isBlank() ? null : documentKeyPath.split("\\.");
        this.unresolvedAction = unresolvedAction;
    }

    public boolean filtersAnything() {
        return wanted != null;
    }

    public Decision decide(ChangeEvent event) {
        Optional<String> db = resolve(event);
        if (db.isPresent()) {
            return new Decision(wanted == null || wanted.equals(db.get()), db.get(), false);
        }
        if (wanted == null) {
            return new Decision(true, null, true);
        }
        return switch (unresolvedAction) {
            case INCLUDE -> new Decision(true, null, true);
            case DROP -> new Decision(false, null, true);
            case FAIL ->
                throw new UnresolvedLogicalDatabaseException("Cannot tell the logical database ('" + field
                        + "') of a " + event.operationType() + " event on " + event.database() + "."
                        + event.collection()
                        + " with key "
                        + (event.documentKey() == null
                                ? "null"
                                : event.documentKey().toJson())
                        + ": the event carries no document with that field. Enable pre-images"
                        + " (fullDocumentBeforeChange=whenAvailable, changeStreamPreAndPostImages on the collection), put the"
                        + " field in the document key and set logical.database.document.key.path, or set"
                        + " logical.database.unresolved.action=include|drop.");
        };
    }

    /** The logical database the event belongs to, when it can be told. */
    public Optional<String> resolve(ChangeEvent event) {
        String v = stringAt(event.fullDocument(), fieldPath);
        if (v == null) {
            v = stringAt(event.fullDocumentBeforeChange(), fieldPath);
        }
        if (v == null && documentKeyPath != null) {
            v = stringAt(event.documentKey(), documentKeyPath);
        }
        if (v == null && event.updateDescription() != null) {
            BsonValue set = event.updateDescription().updatedFields().get(field);
            v = set != null && set.isString() ? set.asString().getValue() : null;
        }
        return Optional.ofNullable(v);
    }

    static String stringAt(BsonDocument doc, String[] path) {
        BsonValue current = doc;
        for (String p : path) {
            if (current == null || !current.isDocument()) {
                return null;
            }
            current = current.asDocument().get(p);
        }
        return current != null && current.isString() ? current.asString().getValue() : null;
    }
}
