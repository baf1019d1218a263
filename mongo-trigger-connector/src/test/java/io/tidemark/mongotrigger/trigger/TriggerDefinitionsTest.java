/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.mongotrigger.stream.ChangeEvent;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

class TriggerDefinitionsTest {

    static final String TRIGGERS =
            """
            [{"name": "big-orders", "collections": ["orders"], "operations": ["insert", "update"],
              "condition": {"total": {"$gte": 100}}, "topic": "orders.big"},
             {"name": "all-deletes", "operations": ["delete"], "topic": "deletes"},
             {"name": "vip", "collection": "customers", "condition": {"tier": "gold"}, "topic": "vip"}]""";

    static ChangeEvent event(String op, String coll, String fullDocument, String preImage) {
        return new ChangeEvent(
                new BsonDocument("_data", new BsonString("01")),
                op,
                "app",
                coll,
                BsonDocument.parse("{\"_id\": 1}"),
                fullDocument == null ? null : BsonDocument.parse(fullDocument),
                preImage == null ? null : BsonDocument.parse(preImage),
                null,
                new BsonTimestamp(1, 1));
    }

    @Test
    void parsesValidTriggers() {
        TriggerDefinitions.Result r = TriggerDefinitions.parse(TRIGGERS);
        assertThat(r.errors()).isEmpty();
        assertThat(r.rules()).extracting(TriggerRule::name).containsExactly("big-orders", "all-deletes", "vip");
        assertThat(r.rules().get(2).collections()).containsExactly("customers");
    }

    @Test
    void evaluatesCollectionsOperationsAndConditions() {
        TriggerEvaluator evaluator =
                new TriggerEvaluator(TriggerDefinitions.parse(TRIGGERS).rules());

        assertThat(names(evaluator.evaluate(event("insert", "orders", "{\"_id\": 1, \"total\": 120}", null))))
                .containsExactly("big-orders");
        assertThat(evaluator.evaluate(event("insert", "orders", "{\"_id\": 1, \"total\": 5}", null)))
                .isEmpty();
        assertThat(evaluator.evaluate(event("replace", "orders", "{\"_id\": 1, \"total\": 500}", null)))
                .isEmpty();
        assertThat(names(evaluator.evaluate(event("delete", "orders", null, null))))
                .containsExactly("all-deletes");
        // a delete of a gold customer: the condition looks at the pre-image
        assertThat(names(evaluator.evaluate(event("delete", "customers", null, "{\"_id\": 1, \"tier\": \"gold\"}"))))
                .containsExactly("all-deletes", "vip");
        // no pre-image: a condition cannot be satisfied
        assertThat(names(evaluator.evaluate(event("delete", "customers", null, null))))
                .containsExactly("all-deletes");
        // an update without the full document (fullDocument=default) cannot satisfy a condition either
        assertThat(evaluator.evaluate(event("update", "orders", null, null))).isEmpty();
    }

    static List<String> names(List<TriggerRule> rules) {
        return rules.stream().map(TriggerRule::name).toList();
    }

    @Test
    void reportsEveryProblemWithTheTriggerName() {
        TriggerDefinitions.Result r = TriggerDefinitions.parse(
                """
                [{"name": "ok", "topic": "t"},
                 {"name": "ok", "topic": "t2"},
                 {"name": "no-topic"},
                 {"name": "bad-topic", "topic": "has space"},
                 {"name": "bad-op", "operations": ["upsert"], "topic": "t"},
                 {"name": "bad-cond", "condition": {"x": {"$regex": "a"}}, "topic": "t"},
                 {"name": "typo", "topics": "t", "topic": "t"},
                 {"topic": "t"},
                 "string",
                 {"name": "bad-colls", "collections": "orders", "topic": "t"}]""");

        assertThat(r.valid()).isFalse();
        assertThat(r.errors())
                .containsExactly(
                        "trigger 'ok': the name is used by more than one trigger",
                        "trigger 'no-topic': 'topic' is required and must be a legal Kafka topic name (1-249 characters of letters, digits, '.', '_', '-')",
                        "trigger 'bad-topic': 'topic' is required and must be a legal Kafka topic name (1-249 characters of letters, digits, '.', '_', '-')",
                        "trigger 'bad-op': unknown operation 'upsert' (allowed: delete, drop, dropDatabase, insert, invalidate, read, rename, replace, update)",
                        "trigger 'bad-cond': invalid condition: unsupported operator $regex on 'x' (supported: $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists)",
                        "trigger 'typo': unknown field 'topics' (allowed: collection, collections, condition, name, operations, topic)",
                        "trigger #8: 'name' is required: 1-128 characters of letters, digits, '.', '_', '-'",
                        "trigger #9: must be a JSON object",
                        "trigger 'bad-colls': 'collections' must be an array of strings");
        assertThat(r.rules()).extracting(TriggerRule::name).containsExactly("ok");
    }

    @Test
    void rejectsNonArraysAndBadJson() {
        assertThat(TriggerDefinitions.parse("{\"name\": \"x\"}").errors())
                .containsExactly("triggers must be a JSON array of trigger objects");
        assertThat(TriggerDefinitions.parse("[{").errors())
                .singleElement()
                .asString()
                .startsWith("triggers is not valid JSON");
        assertThat(TriggerDefinitions.parse("").valid()).isTrue();
    }
}
