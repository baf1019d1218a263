/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.BsonDocument;

/**
 * Parses and validates the {@code triggers} setting: a JSON array of
 * <pre>
 * {"name": "big-orders", "collections": ["orders"], "operations": ["insert", "update"],
 *  "condition": {"total": {"$gte": 100}, "status": {"$in": ["new", "paid"]}}, "topic": "orders.big"}
 * </pre>
 * Every problem is reported with the trigger's name (or position) so validate() can show all of them.
 */
public final class TriggerDefinitions {

    /** Change stream operations, and "read": a document copied by startup.mode=copy_existing. */
    public static final Set<String> OPERATIONS =
            Set.of("insert", "update", "replace", "delete", "drop", "rename", "dropDatabase", "invalidate", "read");

    private static final Set<String> FIELDS =
            Set.of("name", "collection", "collections", "operations", "condition", "topic");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The parsed rules and every problem found; rules are only usable when {@code errors} is empty. */
    public record Result(List<TriggerRule> rules, List<String> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private TriggerDefinitions() {}

    public static Result parse(String json) {
        List<String> errors = new ArrayList<>();
        List<TriggerRule> rules = new ArrayList<>();
        if (json == null || json.isBlank()) {
            return new Result(rules, errors);
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            errors.add("triggers is not valid JSON: " + e.getOriginalMessage());
            return new Result(rules, errors);
        }
        if (root == null || !root.isArray()) {
            errors.add("triggers must be a JSON array of trigger objects");
            return new Result(rules, errors);
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode t = root.get(i);
            String label = "trigger #" + (i + 1);
            if (!t.isObject()) {
                errors.add(label + ": must be a JSON object");
                continue;
            }
            int before = errors.size();
            JsonNode nameNode = t.get("name");
            String name = null;
            if (nameNode == null
                    || !nameNode.isTextual()
                    || !NAME.matcher(nameNode.asText()).matches()) {
                errors.add(label + ": 'name' is required: 1-128 characters of letters, digits, '.', '_', '-'");
            } else {
                name = nameNode.asText();
                label = "trigger '" + name + "'";
                if (!names.add(name)) {
                    errors.add(label + ": the name is used by more than one trigger");
                }
            }
            for (Iterator<String> it = t.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!FIELDS.contains(f)) {
                    errors.add(label + ": unknown field '" + f + "' (allowed: "
                            + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
                }
            }
            Set<String> collections = strings(t, "collection", "collections", label, errors);
            Set<String> operations = strings(t, null, "operations", label, errors);
            for (String op : operations) {
                if (!OPERATIONS.contains(op)) {
                    errors.add(label + ": unknown operation '" + op + "' (allowed: "
                            + String.join(", ", OPERATIONS.stream().sorted().toList()) + ")");
                }
            }
            JsonNode topicNode = t.get("topic");
            String topic = null;
            if (topicNode == null
                    || !topicNode.isTextual()
                    || !TOPIC.matcher(topicNode.asText()).matches()
                    || topicNode.asText().equals(".")
                    || topicNode.asText().equals("..")) {
                errors.add(label + ": 'topic' is required and must be a legal Kafka topic name"
                        + " (1-249 characters of letters, digits, '.', '_', '-')");
            } else {
                topic = topicNode.asText();
            }
            Condition condition = Condition.ALWAYS;
            JsonNode conditionNode = t.get("condition");
            boolean hasCondition = conditionNode != null && !conditionNode.isNull();
            if (hasCondition) {
                if (!conditionNode.isObject()) {
                    errors.add(label + ": 'condition' must be a query object");
                } else {
                    try {
                        condition = QueryCompiler.compile(BsonDocument.parse(conditionNode.toString()));
                    } catch (InvalidConditionException e) {
                        errors.add(label + ": invalid condition: " + e.getMessage());
                    } catch (RuntimeException e) {
                        errors.add(label + ": condition does not parse: " + e.getMessage());
                    }
                }
            }
            if (errors.size() == before) {
                rules.add(new TriggerRule(name, collections, operations, condition, hasCondition, topic));
            }
        }
        return new Result(List.copyOf(rules), List.copyOf(errors));
    }

    private static Set<String> strings(
            JsonNode t, String singleField, String listField, String label, List<String> errors) {
        Set<String> out = new LinkedHashSet<>();
        if (singleField != null && t.has(singleField)) {
            JsonNode n = t.get(singleField);
            if (!n.isTextual() || n.asText().isBlank()) {
                errors.add(label + ": '" + singleField + "' must be a non-empty string");
            } else {
                out.add(n.asText());
            }
        }
        if (t.has(listField)) {
            JsonNode n = t.get(listField);
            if (!n.isArray()) {
                errors.add(label + ": '" + listField + "' must be an array of strings");
            } else {
                for (JsonNode e : n) {
                    if (!e.isTextual() || e.asText().isBlank()) {
                        errors.add(label + ": '" + listField + "' must contain only non-empty strings, found " + e);
                    } else {
                        out.add(e.asText());
                    }
                }
            }
        }
        return out;
    }
}
