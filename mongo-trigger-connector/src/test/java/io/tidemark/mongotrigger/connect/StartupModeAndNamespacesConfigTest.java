/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

/** startup.mode mapped onto the start settings, and the namespace settings, as validate() and the task see them. */
class StartupModeAndNamespacesConfigTest {

    static MongoTriggerSourceConfig config(String... kv) {
        return new MongoTriggerSourceConfig(TestHarness.props(kv));
    }

    @Test
    void latestIsStartFromNowAndTimestampIsStartAtOperationTime() {
        assertThat(config("startup.mode", "latest").startupSettings().startFromNow())
                .isTrue();
        var ts = config("startup.mode", "timestamp", "startup.mode.timestamp.start.at.operation.time", "1700000000:3")
                .startupSettings();
        assertThat(ts.startAtOperation()).isEqualTo(Optional.of(new BsonTimestamp(1_700_000_000, 3)));
        assertThat(config("startup.mode", "copy_existing").startupSettings().copyExisting())
                .isTrue();
        // the default still fails fast on a missing checkpoint
        var none = config().startupSettings();
        assertThat(none.startFromNow()
                        || none.copyExisting()
                        || none.startAtOperation().isPresent())
                .isFalse();
    }

    @Test
    void contradictoryOrIncompleteStartupSettingsAreReportedOnTheSettingTheyConcern() {
        assertThat(config("startup.mode", "copy_existing", "start.from.now", "true")
                        .crossFieldProblems())
                .containsKey("startup.mode");
        assertThat(config("startup.mode", "timestamp").crossFieldProblems())
                .containsKey("startup.mode.timestamp.start.at.operation.time");
        assertThat(config("startup.mode.copy.existing.namespace.regex", "a\\..*")
                        .crossFieldProblems())
                .containsKey("startup.mode.copy.existing.namespace.regex");
        assertThat(config(
                                "startup.mode",
                                "copy_existing",
                                "startup.mode.copy.existing.pipeline",
                                "[{\"$project\": {\"a\": 1}}]")
                        .crossFieldProblems()
                        .get("startup.mode.copy.existing.pipeline"))
                .singleElement()
                .asString()
                .contains("only {\"$match\": {...}} stages are accepted");
    }

    @Test
    void namespaceListsArePushedIntoThePipelineBeforeTheUsersStages() {
        var c = config(
                "watch.scope",
                "database",
                "database",
                "shop",
                "namespace.exclude.collections",
                "shop.audit",
                "pipeline",
                "[{\"$match\": {\"operationType\": \"insert\"}}]");
        assertThat(c.crossFieldProblems()).isEmpty();
        assertThat(c.watchOptions().pipeline())
                .containsExactly(
                        BsonDocument.parse("{\"$match\": {\"$nor\": [{\"ns.db\": \"shop\", \"ns.coll\": \"audit\"}]}}"),
                        BsonDocument.parse("{\"$match\": {\"operationType\": \"insert\"}}"));
        var keep = c.namespaceSelectionFilter();
        assertThat(keep.keeps("shop", "audit")).isFalse();
        assertThat(keep.keeps("shop", "orders")).isTrue();
    }

    @Test
    void regexesApplyOnArrivalAndNamespaceSettingsAreRejectedForOneCollection() {
        var c = config("watch.scope", "deployment", "namespace.include.regex", "shop\\.(orders|items)");
        assertThat(c.watchOptions().pipeline()).isEmpty();
        assertThat(c.namespaceSelectionFilter().keeps("shop", "orders")).isTrue();
        assertThat(c.namespaceSelectionFilter().keeps("shop", "orders2")).isFalse();
        assertThat(config(
                                "watch.scope",
                                "collection",
                                "database",
                                "shop",
                                "collection",
                                "orders",
                                "namespace.exclude.databases",
                                "x")
                        .crossFieldProblems())
                .containsKey("namespace.exclude.databases");
        assertThat(config("watch.scope", "deployment", "namespace.include.collections", "nodot")
                        .crossFieldProblems())
                .containsKey("namespace.include.collections");
    }
}
