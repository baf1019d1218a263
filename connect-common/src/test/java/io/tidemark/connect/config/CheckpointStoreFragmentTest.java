/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.store.CorruptRecordPolicy;
import io.tidemark.store.Durability;
import io.tidemark.store.lmdb.LmdbCheckpointStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class CheckpointStoreFragmentTest {

    private static final ConfigDef DEF = CheckpointStoreFragment.addTo(new ConfigDef());

    @Test
    void defaultsAreSyncDurabilityAndFailClosed() {
        AbstractConfig c = new AbstractConfig(DEF, Map.of(CheckpointStoreFragment.DIR_CONFIG, "/var/lib/tidemark"));
        assertThat(new CheckpointStoreFragment(c).durability()).isEqualTo(Durability.SYNC_EACH_COMMIT);
        assertThat(new CheckpointStoreFragment(c).corruptPolicy()).isEqualTo(CorruptRecordPolicy.FAIL_CLOSED);
        assertThat(new CheckpointStoreFragment(c).flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new CheckpointStoreFragment(c).flushMaxUpdates()).isEqualTo(10_000);
    }

    @Test
    void localStoreAdvancesOnCommitWhenExactlyOnceIsRequired() {
        ConfigDef def = CheckpointStoreFragment.addSourceSettingsTo(CheckpointStoreFragment.addTo(new ConfigDef()))
                .define("exactly.once.support", ConfigDef.Type.STRING, "requested", ConfigDef.Importance.LOW, "eos");
        java.util.function.Function<Map<String, String>, Boolean> onCommit = extra -> {
            Map<String, String> props = new java.util.HashMap<>(extra);
            props.put(CheckpointStoreFragment.DIR_CONFIG, "/s");
            return new CheckpointStoreFragment(new AbstractConfig(def, props)).advanceOnCommit();
        };
        assertThat(onCommit.apply(Map.of())).isFalse();
        assertThat(onCommit.apply(Map.of("exactly.once.support", "required"))).isTrue();
        assertThat(onCommit.apply(Map.of("exactly.once.support", "requested"))).isFalse();
        assertThat(onCommit.apply(Map.of(CheckpointStoreFragment.LOCAL_ADVANCE_CONFIG, "commit")))
                .isTrue();
        assertThat(onCommit.apply(Map.of(
                        CheckpointStoreFragment.LOCAL_ADVANCE_CONFIG, "ACK", "exactly.once.support", "required")))
                .isFalse();
    }

    @Test
    void storeDirectoryIsPerConnectorAndSafeForAnyName() {
        AbstractConfig c = new AbstractConfig(DEF, Map.of(CheckpointStoreFragment.DIR_CONFIG, "/state"));
        assertThat(new CheckpointStoreFragment(c).directory("logs/app 1")).isEqualTo(Path.of("/state/logs_app_1"));
    }

    @Test
    void valuesAreCaseInsensitive() {
        AbstractConfig c = new AbstractConfig(
                DEF,
                Map.of(
                        CheckpointStoreFragment.DIR_CONFIG,
                        "/s",
                        CheckpointStoreFragment.DURABILITY_CONFIG,
                        "PERIODIC",
                        CheckpointStoreFragment.CORRUPT_POLICY_CONFIG,
                        "Treat_As_Missing"));
        assertThat(new CheckpointStoreFragment(c).durability()).isEqualTo(Durability.SYNC_PERIODIC);
        assertThat(new CheckpointStoreFragment(c).corruptPolicy()).isEqualTo(CorruptRecordPolicy.TREAT_AS_MISSING);
    }

    @Test
    void missingDirectoryIsReportedOnTheSetting() {
        List<ConfigValue> values = DEF.validate(Map.of());
        ConfigValue dir = values.stream()
                .filter(v -> v.name().equals(CheckpointStoreFragment.DIR_CONFIG))
                .findFirst()
                .orElseThrow();
        assertThat(dir.errorMessages()).isNotEmpty();
        assertThatThrownBy(() -> new AbstractConfig(DEF, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(CheckpointStoreFragment.DIR_CONFIG);
    }

    @Test
    void openCreatesAStoreOwnedByPluginAndConnector(@org.junit.jupiter.api.io.TempDir Path dir) {
        CheckpointStoreFragment settings = new CheckpointStoreFragment(
                new AbstractConfig(DEF, Map.of(CheckpointStoreFragment.DIR_CONFIG, dir.toString())));
        StoreAddress address = settings.connectorStore("tidemark-test", "orders-tail", 1);
        try (io.tidemark.store.CheckpointStore store = settings.open(LmdbCheckpointStore.opener(), address)) {
            store.put("k", new byte[] {1});
            assertThat(store.identity()).isEqualTo(new io.tidemark.store.StoreIdentity("tidemark-test/orders-tail", 1));
        }
        try (io.tidemark.store.CheckpointStore store = settings.open(LmdbCheckpointStore.opener(), address)) {
            assertThat(store.get("k")).hasValueSatisfying(v -> assertThat(v).containsExactly(1));
        }
        assertThat(dir.resolve("orders-tail")).isDirectory();
        assertThatThrownBy(() -> settings.open(
                        LmdbCheckpointStore.opener(), settings.connectorStore("tidemark-test", "orders-tail", 2)))
                .isInstanceOf(io.tidemark.store.ForeignStoreException.class);
        assertThat(settings.taskStore("tidemark-test", "orders-tail", 3, 1).directory())
                .isEqualTo(dir.resolve("orders-tail").resolve("task-3"));
    }

    @Test
    void failureTimeoutDefaultsToOneMinute() {
        AbstractConfig c = new AbstractConfig(
                CheckpointStoreFragment.addSourceSettingsTo(CheckpointStoreFragment.addTo(new ConfigDef())),
                Map.of(CheckpointStoreFragment.DIR_CONFIG, "/s"));
        assertThat(new CheckpointStoreFragment(c).failureTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void unknownDurabilityIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> new AbstractConfig(
                        DEF,
                        Map.of(
                                CheckpointStoreFragment.DIR_CONFIG,
                                "/s",
                                CheckpointStoreFragment.DURABILITY_CONFIG,
                                "sometimes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(CheckpointStoreFragment.DURABILITY_CONFIG);
    }
}
