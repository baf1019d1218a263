/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/**
 * The trigger condition language next to MongoDB's query semantics: one test per behaviour the module
 * README documents, where it is the same as MongoDB's and where it differs.
 */
class ConditionSemanticsTest {

    static boolean matches(String condition, String document) {
        return QueryCompiler.compile(BsonDocument.parse(condition)).test(BsonDocument.parse(document));
    }

    @Test
    void valuesOfDifferentTypeBracketsNeverCompareAsInMongoDb() {
        assertThat(matches("{\"n\": {\"$gt\": 5}}", "{\"n\": \"6\"}")).isFalse();
        assertThat(matches("{\"n\": {\"$lt\": \"z\"}}", "{\"n\": 1}")).isFalse();
        assertThat(matches("{\"n\": {\"$gt\": 5}}", "{\"n\": {\"$numberLong\": \"6\"}}"))
                .isTrue();
        assertThat(matches("{\"n\": 1}", "{\"n\": 1.0}")).isTrue();
    }

    @Test
    void nullMatchesMissingAndNullAsInMongoDb() {
        assertThat(matches("{\"f\": null}", "{}")).isTrue();
        assertThat(matches("{\"f\": null}", "{\"f\": null}")).isTrue();
        assertThat(matches("{\"f\": {\"$ne\": null}}", "{}")).isFalse();
        assertThat(matches("{\"f\": {\"$exists\": true}}", "{\"f\": null}")).isTrue();
    }

    @Test
    void rangeOperatorsOnNullMatchNothingUnlikeMongoDb() {
        // MongoDB: {f: {$gte: null}} matches null and missing fields; here a range never matches null
        assertThat(matches("{\"f\": {\"$gte\": null}}", "{\"f\": null}")).isFalse();
        assertThat(matches("{\"f\": {\"$gte\": null}}", "{}")).isFalse();
    }

    @Test
    void arraysMatchByElementOrAsAWholeAsInMongoDb() {
        assertThat(matches("{\"tags\": \"a\"}", "{\"tags\": [\"b\", \"a\"]}")).isTrue();
        assertThat(matches("{\"tags\": [\"b\", \"a\"]}", "{\"tags\": [\"b\", \"a\"]}"))
                .isTrue();
        assertThat(matches("{\"n\": {\"$gt\": 5}}", "{\"n\": [1, 9]}")).isTrue();
        assertThat(matches("{\"items.sku\": \"x\"}", "{\"items\": [{\"sku\": \"y\"}, {\"sku\": \"x\"}]}"))
                .isTrue();
    }

    @Test
    void rangeOperatorsRejectArrayAndDocumentArgumentsUnlikeMongoDb() {
        assertThatThrownBy(() -> QueryCompiler.compile(BsonDocument.parse("{\"n\": {\"$gt\": [1]}}")))
                .isInstanceOf(InvalidConditionException.class)
                .hasMessageContaining("needs a scalar value");
    }

    @Test
    void positionalPathsAreNotArrayIndexesUnlikeMongoDb() {
        // MongoDB: {"a.0": 1} matches a: [1, 2]; here "0" is a field name
        assertThat(matches("{\"a.0\": 1}", "{\"a\": [1, 2]}")).isFalse();
        assertThat(matches("{\"a.0\": 1}", "{\"a\": {\"0\": 1}}")).isTrue();
    }

    @Test
    void minKeyAndMaxKeyAreNotBoundsUnlikeMongoDb() {
        assertThat(matches("{\"n\": {\"$gt\": {\"$minKey\": 1}}}", "{\"n\": 1}"))
                .isFalse();
    }

    @Test
    void stringsCompareByUtf16CodeUnitsWithoutCollationUnlikeMongoDb() {
        // MongoDB compares UTF-8 bytes: U+FF61 (EF BD A1) sorts before U+1F600 (F0 9F 98 80); UTF-16 code units
        // put the surrogate pair (D83D) first
        assertThat(matches("{\"s\": {\"$gt\": \"\\uD83D\\uDE00\"}}", "{\"s\": \"\\uFF61\"}"))
                .isTrue();
        assertThat(matches("{\"s\": \"abc\"}", "{\"s\": \"ABC\"}")).isFalse();
    }
}
