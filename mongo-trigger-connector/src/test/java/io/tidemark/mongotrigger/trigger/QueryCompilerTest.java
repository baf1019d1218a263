/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bson.BsonDocument;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryCompilerTest {

    static final BsonDocument DOC = BsonDocument.parse(
            """
            {"_id": 1, "status": "paid", "total": 150, "price": 9.5, "tags": ["a", "vip"],
             "customer": {"tier": "gold", "address": {"city": "Oslo"}},
             "items": [{"sku": "x1", "qty": 2}, {"sku": "y2", "qty": 7}],
             "when": {"$date": "2024-05-01T00:00:00Z"}, "flag": true, "nothing": null,
             "big": {"$numberLong": "5000000000"}, "dec": {"$numberDecimal": "10.25"}}""");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{}|true",
                "{\"status\": \"paid\"}|true",
                "{\"status\": \"new\"}|false",
                "{\"total\": 150.0}|true",
                "{\"total\": {\"$gt\": 100}}|true",
                "{\"total\": {\"$gt\": 150}}|false",
                "{\"total\": {\"$gte\": 150, \"$lt\": 151}}|true",
                "{\"price\": {\"$lte\": 9.5}}|true",
                "{\"price\": {\"$lt\": 9}}|false",
                "{\"big\": {\"$gt\": 4999999999}}|true",
                "{\"dec\": {\"$gt\": 10.2, \"$lt\": 10.3}}|true",
                "{\"total\": {\"$gt\": \"100\"}}|false",
                "{\"status\": {\"$gt\": \"a\"}}|true",
                "{\"status\": {\"$ne\": \"paid\"}}|false",
                "{\"status\": {\"$in\": [\"new\", \"paid\"]}}|true",
                "{\"status\": {\"$nin\": [\"new\", \"paid\"]}}|false",
                "{\"customer.tier\": \"gold\"}|true",
                "{\"customer.address.city\": {\"$in\": [\"Oslo\"]}}|true",
                "{\"customer.address.zip\": {\"$exists\": false}}|true",
                "{\"customer.address.city\": {\"$exists\": true}}|true",
                "{\"nothing\": {\"$exists\": true}}|true",
                "{\"nothing\": null}|true",
                "{\"absent\": null}|true",
                "{\"absent\": {\"$exists\": true}}|false",
                "{\"tags\": \"vip\"}|true",
                "{\"tags\": {\"$in\": [\"z\", \"a\"]}}|true",
                "{\"items.sku\": \"y2\"}|true",
                "{\"items.qty\": {\"$gt\": 5}}|true",
                "{\"items.qty\": {\"$gt\": 7}}|false",
                "{\"when\": {\"$gte\": {\"$date\": \"2024-01-01T00:00:00Z\"}}}|true",
                "{\"flag\": true}|true",
                "{\"$or\": [{\"status\": \"new\"}, {\"total\": {\"$gt\": 100}}]}|true",
                "{\"$or\": [{\"status\": \"new\"}, {\"total\": {\"$gt\": 200}}]}|false",
                "{\"$and\": [{\"status\": \"paid\"}, {\"customer.tier\": \"gold\"}]}|true",
                "{\"$and\": [{\"status\": \"paid\"}, {\"customer.tier\": \"silver\"}]}|false",
                "{\"$nor\": [{\"status\": \"new\"}]}|true",
                "{\"status\": \"paid\", \"total\": {\"$lt\": 100}}|false"
            })
    void matches(String query, boolean expected) {
        assertThat(QueryCompiler.compile(BsonDocument.parse(query)).test(DOC)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"status\": {\"$regex\": \"p.*\"}}|unsupported operator $regex",
                "{\"$where\": \"true\"}|unsupported top-level operator $where",
                "{\"$or\": []}|$or needs a non-empty array",
                "{\"$and\": [1]}|$and elements must be query documents",
                "{\"status\": {\"$in\": \"paid\"}}|$in on 'status' needs an array",
                "{\"total\": {\"$gt\": [1]}}|$gt on 'total' needs a scalar value",
                "{\"total\": {\"$exists\": \"yes\"}}|$exists on 'total' needs true or false",
                "{\"a..b\": 1}|invalid field path 'a..b'"
            })
    void rejectsWhatItDoesNotSupport(String query, String problem) {
        assertThatThrownBy(() -> QueryCompiler.compile(BsonDocument.parse(query)))
                .isInstanceOf(InvalidConditionException.class)
                .hasMessageContaining(problem);
    }
}
