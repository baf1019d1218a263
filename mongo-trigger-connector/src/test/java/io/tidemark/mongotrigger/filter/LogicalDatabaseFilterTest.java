/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.mongotrigger.stream.ChangeEvent;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

class LogicalDatabaseFilterTest {

    static ChangeEvent event(String op, String key, String full, String pre, String updated) {
        return new ChangeEvent(
                new BsonDocument("_data", new BsonString("01")),
                op,
                "syntrix",
                "documents",
                BsonDocument.parse(key),
                full == null ? null : BsonDocument.parse(full),
                pre == null ? null : BsonDocument.parse(pre),
                updated == null ? null : new ChangeEvent.UpdateDescription(BsonDocument.parse(updated), null),
                null);
    }

    final LogicalDatabaseFilter tenantA =
            new LogicalDatabaseFilter("database", "tenant-a", null, UnresolvedAction.DROP);

    @Test
    void keepsOnlyTheConfiguredLogicalDatabase() {
        assertThat(tenantA.decide(
                        event("insert", "{\"_id\": 1}", "{\"_id\": 1, \"database\": \"tenant-a\"}", null, null)))
                .isEqualTo(new LogicalDatabaseFilter.Decision(true, "tenant-a", false));
        assertThat(tenantA.decide(
                        event("insert", "{\"_id\": 2}", "{\"_id\": 2, \"database\": \"tenant-b\"}", null, null)))
                .isEqualTo(new LogicalDatabaseFilter.Decision(false, "tenant-b", false));
    }

    @Test
    void emptyFilterKeepsEverythingIncludingUnresolved() {
        LogicalDatabaseFilter all = new LogicalDatabaseFilter("database", "", null, UnresolvedAction.FAIL);
        assertThat(all.decide(event("insert", "{\"_id\": 2}", "{\"_id\": 2, \"database\": \"tenant-b\"}", null, null)))
                .isEqualTo(new LogicalDatabaseFilter.Decision(true, "tenant-b", false));
        assertThat(all.decide(event("delete", "{\"_id\": 2}", null, null, null)).keep())
                .isTrue();
    }

    @Test
    void deleteIsResolvedFromThePreImage() {
        assertThat(tenantA.decide(
                        event("delete", "{\"_id\": 1}", null, "{\"_id\": 1, \"database\": \"tenant-a\"}", null)))
                .isEqualTo(new LogicalDatabaseFilter.Decision(true, "tenant-a", false));
        assertThat(tenantA.decide(
                                event("delete", "{\"_id\": 1}", null, "{\"_id\": 1, \"database\": \"tenant-b\"}", null))
                        .keep())
                .isFalse();
    }

    @Test
    void deleteIsResolvedFromTheDocumentKey() {
        LogicalDatabaseFilter byKey =
                new LogicalDatabaseFilter("database", "tenant-a", "_id.database", UnresolvedAction.FAIL);
        assertThat(byKey.decide(
                        event("delete", "{\"_id\": {\"database\": \"tenant-a\", \"id\": \"x\"}}", null, null, null)))
                .isEqualTo(new LogicalDatabaseFilter.Decision(true, "tenant-a", false));
        assertThat(byKey.decide(event(
                                "delete", "{\"_id\": {\"database\": \"tenant-b\", \"id\": \"x\"}}", null, null, null))
                        .keep())
                .isFalse();
    }

    @Test
    void updateWithoutFullDocumentIsResolvedFromUpdatedFields() {
        assertThat(tenantA.decide(event("update", "{\"_id\": 1}", null, null, "{\"database\": \"tenant-a\", \"x\": 1}"))
                        .keep())
                .isTrue();
    }

    @Test
    void unresolvedFollowsTheConfiguredAction() {
        ChangeEvent bareDelete = event("delete", "{\"_id\": 7}", null, null, null);
        assertThat(tenantA.decide(bareDelete)).isEqualTo(new LogicalDatabaseFilter.Decision(false, null, true));
        assertThat(new LogicalDatabaseFilter("database", "tenant-a", null, UnresolvedAction.INCLUDE).decide(bareDelete))
                .isEqualTo(new LogicalDatabaseFilter.Decision(true, null, true));
        assertThatThrownBy(() -> new LogicalDatabaseFilter("database", "tenant-a", null, UnresolvedAction.FAIL)
                        .decide(bareDelete))
                .isInstanceOf(UnresolvedLogicalDatabaseException.class)
                .hasMessageContaining("fullDocumentBeforeChange=whenAvailable")
                .hasMessageContaining("logical.database.document.key.path");
    }

    @Test
    void nestedFieldPath() {
        LogicalDatabaseFilter nested =
                new LogicalDatabaseFilter("meta.database", "tenant-a", null, UnresolvedAction.DROP);
        assertThat(nested.decide(event(
                                "insert",
                                "{\"_id\": 1}",
                                "{\"_id\": 1, \"meta\": {\"database\": \"tenant-a\"}}",
                                null,
                                null))
                        .keep())
                .isTrue();
    }
}
