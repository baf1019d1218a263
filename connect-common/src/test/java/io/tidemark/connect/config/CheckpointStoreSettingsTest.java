package io.tidemark.connect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.store.CorruptRecordPolicy;
import io.tidemark.store.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class CheckpointStoreSettingsTest {

    private static final ConfigDef DEF = CheckpointStoreSettings.addTo(new ConfigDef());

    @Test
    void defaultsAreSyncDurabilityAndFailClosed() {
        AbstractConfig c = new AbstractConfig(DEF, Map.of(CheckpointStoreSettings.DIR_CONFIG, "/var/lib/tidemark"));
        assertThat(CheckpointStoreSettings.durability(c)).isEqualTo(Durability.SYNC_EACH_COMMIT);
        assertThat(CheckpointStoreSettings.corruptPolicy(c)).isEqualTo(CorruptRecordPolicy.FAIL_CLOSED);
        assertThat(CheckpointStoreSettings.flushInterval(c)).isEqualTo(Duration.ofSeconds(1));
        assertThat(CheckpointStoreSettings.flushMaxUpdates(c)).isEqualTo(10_000);
    }

    @Test
    void localStoreAdvancesOnCommitWhenExactlyOnceIsRequired() {
        ConfigDef def = CheckpointStoreSettings.addSourceSettingsTo(CheckpointStoreSettings.addTo(new ConfigDef()))
                .define("exactly.once.support", ConfigDef.Type.STRING, "requested", ConfigDef.Importance.LOW, "eos");
        java.util.function.Function<Map<String, String>, Boolean> onCommit = extra -> {
            Map<String, String> props = new java.util.HashMap<>(extra);
            props.put(CheckpointStoreSettings.DIR_CONFIG, "/s");
            return CheckpointStoreSettings.advanceOnCommit(new AbstractConfig(def, props));
        };
        assertThat(onCommit.apply(Map.of())).isFalse();
        assertThat(onCommit.apply(Map.of("exactly.once.support", "required"))).isTrue();
        assertThat(onCommit.apply(Map.of("exactly.once.support", "requested"))).isFalse();
        assertThat(onCommit.apply(Map.of(CheckpointStoreSettings.LOCAL_ADVANCE_CONFIG, "commit"))).isTrue();
        assertThat(onCommit.apply(Map.of(CheckpointStoreSettings.LOCAL_ADVANCE_CONFIG, "ACK",
                "exactly.once.support", "required"))).isFalse();
    }

    @Test
    void storeDirectoryIsPerConnectorAndSafeForAnyName() {
        AbstractConfig c = new AbstractConfig(DEF, Map.of(CheckpointStoreSettings.DIR_CONFIG, "/state"));
        assertThat(CheckpointStoreSettings.storeDirectory(c, "logs/app 1")).isEqualTo(Path.of("/state/logs_app_1"));
    }

    @Test
    void valuesAreCaseInsensitive() {
        AbstractConfig c = new AbstractConfig(DEF, Map.of(CheckpointStoreSettings.DIR_CONFIG, "/s",
                CheckpointStoreSettings.DURABILITY_CONFIG, "PERIODIC",
                CheckpointStoreSettings.CORRUPT_POLICY_CONFIG, "Treat_As_Missing"));
        assertThat(CheckpointStoreSettings.durability(c)).isEqualTo(Durability.SYNC_PERIODIC);
        assertThat(CheckpointStoreSettings.corruptPolicy(c)).isEqualTo(CorruptRecordPolicy.TREAT_AS_MISSING);
    }

    @Test
    void missingDirectoryIsReportedOnTheSetting() {
        List<ConfigValue> values = DEF.validate(Map.of());
        ConfigValue dir = values.stream().filter(v -> v.name().equals(CheckpointStoreSettings.DIR_CONFIG)).findFirst()
                .orElseThrow();
        assertThat(dir.errorMessages()).isNotEmpty();
        assertThatThrownBy(() -> new AbstractConfig(DEF, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(CheckpointStoreSettings.DIR_CONFIG);
    }

    @Test
    void openStoreCreatesAnLmdbStoreOwnedByTheConnector(@org.junit.jupiter.api.io.TempDir Path dir) {
        AbstractConfig c = new AbstractConfig(DEF, Map.of(CheckpointStoreSettings.DIR_CONFIG, dir.toString()));
        try (io.tidemark.store.CheckpointStore store = CheckpointStoreSettings.openStore(c, "orders-tail", 1)) {
            store.put("k", new byte[] {1});
            assertThat(store.identity()).isEqualTo(new io.tidemark.store.StoreIdentity("orders-tail", 1));
        }
        try (io.tidemark.store.CheckpointStore store = CheckpointStoreSettings.openStore(c, "orders-tail", 1)) {
            assertThat(store.get("k")).hasValueSatisfying(v -> assertThat(v).containsExactly(1));
        }
        assertThat(dir.resolve("orders-tail")).isDirectory();
        assertThatThrownBy(() -> CheckpointStoreSettings.openStore(c, "orders-tail", 2))
                .isInstanceOf(io.tidemark.store.ForeignStoreException.class);
    }

    @Test
    void unknownDurabilityIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> new AbstractConfig(DEF, Map.of(CheckpointStoreSettings.DIR_CONFIG, "/s",
                CheckpointStoreSettings.DURABILITY_CONFIG, "sometimes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(CheckpointStoreSettings.DURABILITY_CONFIG);
    }
}
