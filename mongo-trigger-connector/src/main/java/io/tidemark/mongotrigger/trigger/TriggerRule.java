/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.trigger;

import java.util.Objects;
import java.util.Set;

/**
 * One named trigger: which events it fires on and where its records go.
 *
 * @param name        unique name, carried in every record it produces
 * @param collections MongoDB collections it watches; empty means every collection
 * @param operations  operation types it fires on; empty means every type
 * @param condition   condition on the document (full document, or pre-image for deletes)
 * @param hasCondition whether a condition was given (a rule without one needs no document)
 * @param topic       Kafka topic its records go to
 */
public record TriggerRule(
        String name,
        Set<String> collections,
        Set<String> operations,
        Condition condition,
        boolean hasCondition,
        String topic) {

    public TriggerRule {
        Objects.requireNonNull(name, "name");
        collections = Set.copyOf(collections);
        operations = Set.copyOf(operations);
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(topic, "topic");
    }
}
