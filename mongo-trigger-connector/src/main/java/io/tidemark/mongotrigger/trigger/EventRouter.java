/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.trigger;

import io.tidemark.mongotrigger.filter.LogicalDatabaseFilter;
import io.tidemark.mongotrigger.filter.NamespaceSelection;
import io.tidemark.mongotrigger.stream.ChangeEvent;
import java.util.List;

/**
 * Decides what records one change event becomes: the namespace selection first, the logical database filter next,
 * then the triggers; unmatched events are dropped or routed to the default topic.
 */
public final class EventRouter {

    /** One record to produce: its topic, and the trigger that fired (null for the default route). */
    public record Delivery(String topic, String trigger) {}

    /** The records of one event; empty when the event is filtered or unmatched and dropped. */
    public record Routing(List<Delivery> deliveries, String logicalDatabase) {}

    private final NamespaceSelection namespaces;
    private final LogicalDatabaseFilter filter;
    private final TriggerEvaluator evaluator;
    private final UnmatchedPolicy unmatched;
    private final String unmatchedTopic;

    public EventRouter(
            LogicalDatabaseFilter filter,
            TriggerEvaluator evaluator,
            UnmatchedPolicy unmatched,
            String unmatchedTopic) {
        this(NamespaceSelection.all(), filter, evaluator, unmatched, unmatchedTopic);
    }

    /** @param namespaces which namespaces are kept, before the logical database filter */
    public EventRouter(
            NamespaceSelection namespaces,
            LogicalDatabaseFilter filter,
            TriggerEvaluator evaluator,
            UnmatchedPolicy unmatched,
            String unmatchedTopic) {
        this.namespaces = namespaces;
        this.filter = filter;
        this.evaluator = evaluator;
        this.unmatched = unmatched;
        this.unmatchedTopic = unmatchedTopic;
    }

    public Routing route(ChangeEvent event) {
        if (!namespaces.keeps(event.database(), event.collection())) {
            return new Routing(List.of(), null);
        }
        LogicalDatabaseFilter.Decision decision = filter.decide(event);
        if (!decision.keep()) {
            return new Routing(List.of(), decision.logicalDatabase());
        }
        List<TriggerRule> fired = evaluator.evaluate(event);
        if (fired.isEmpty()) {
            return new Routing(
                    unmatched == UnmatchedPolicy.ROUTE ? List.of(new Delivery(unmatchedTopic, null)) : List.of(),
                    decision.logicalDatabase());
        }
        if (fired.size() == 1) {
            TriggerRule r = fired.get(0);
            return new Routing(List.of(new Delivery(r.topic(), r.name())), decision.logicalDatabase());
        }
        return new Routing(
                fired.stream().map(r -> new Delivery(r.topic(), r.name())).toList(), decision.logicalDatabase());
    }
}
