/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.trigger;

import io.tidemark.mongotrigger.stream.ChangeEvent;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;

/**
 * Finds the triggers an event fires. A condition is evaluated on the full document; for a delete
 * (which has none) on the pre-image when the stream delivers one. An event with no document to look
 * at never satisfies a condition; rules without a condition fire on collection and operation alone.
 */
public final class TriggerEvaluator {

    private final List<TriggerRule> rules;

    public TriggerEvaluator(List<TriggerRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<TriggerRule> rules() {
        return rules;
    }

    /** The rules the event fires, in configuration order. */
    public List<TriggerRule> evaluate(ChangeEvent event) {
        List<TriggerRule> matched = null;
        BsonDocument document = null;
        boolean documentResolved = false;
        for (TriggerRule rule : rules) {
            if (!rule.collections().isEmpty()
                    && (event.collection() == null || !rule.collections().contains(event.collection()))) {
                continue;
            }
            if (!rule.operations().isEmpty() && !rule.operations().contains(event.operationType())) {
                continue;
            }
            if (rule.hasCondition()) {
                if (!documentResolved) {
                    document = subject(event);
                    documentResolved = true;
                }
                if (document == null || !rule.condition().test(document)) {
                    continue;
                }
            }
            if (matched == null) {
                matched = new ArrayList<>(2);
            }
            matched.add(rule);
        }
        return matched == null ? List.of() : matched;
    }

    /** The document a condition looks at. */
    static BsonDocument subject(ChangeEvent event) {
        if (event.fullDocument() != null) {
            return event.fullDocument();
        }
        return event.fullDocumentBeforeChange();
    }
}
