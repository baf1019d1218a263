/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.filesource.connect.FileSourceConfig;
import io.tidemark.mongotrigger.connect.MongoTriggerSourceConfig;
import io.tidemark.s3sink.connect.S3CheckpointSinkConfig;
import io.tidemark.s3sink.restore.connect.RestoreSourceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * docs/CONFIGURATION.md is generated from the connectors' ConfigDefs; this test fails when it is
 * out of date. Regenerate with:
 * {@code mvn -B -q -pl distribution -am test -Dtest=ConfigReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Dtidemark.docs.write=true}
 */
class ConfigReferenceTest {

    private static final Map<String, ConfigDef> CONNECTORS = new LinkedHashMap<>();
    /** The module whose README documents a connector, where it is not the connector's own title. */
    private static final Map<String, String> README_MODULE = Map.of("s3-restore-source", "s3-checkpoint-sink");

    static {
        CONNECTORS.put("file-source-connector", FileSourceConfig.configDef());
        CONNECTORS.put("mongo-trigger-connector", MongoTriggerSourceConfig.configDef());
        CONNECTORS.put("s3-checkpoint-sink", S3CheckpointSinkConfig.CONFIG_DEF);
        CONNECTORS.put("s3-restore-source", RestoreSourceConfig.CONFIG_DEF);
    }

    static String render() {
        StringBuilder sb = new StringBuilder(
                """
                # Configuration reference

                Every setting of every Tidemark connector, generated from the code that parses them
                (`ConfigReferenceTest` in the distribution module fails when this file is out of date;
                its Javadoc has the command that regenerates it). Settings of the `Checkpoint store`
                group are shared by all connectors.

                """);
        CONNECTORS.forEach((module, def) -> sb.append(ConfigDocs.markdown(module, def)));
        return sb.toString();
    }

    @Test
    void configurationReferenceMatchesTheConfigDefs() throws IOException {
        Path file = Plugins.root().resolve("docs/CONFIGURATION.md");
        String expected = render();
        if (Boolean.getBoolean("tidemark.docs.write")) {
            Files.writeString(file, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(file)).as(file + " exists").isTrue();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("docs/CONFIGURATION.md is out of date; regenerate it (see this test's Javadoc)")
                .isEqualTo(expected);
    }

    @Test
    void everyModuleReadmeMentionsEverySettingOfItsConnector() throws IOException {
        for (Map.Entry<String, ConfigDef> e : CONNECTORS.entrySet()) {
            String readme = Files.readString(Plugins.root()
                    .resolve(README_MODULE.getOrDefault(e.getKey(), e.getKey()))
                    .resolve("README.md"));
            for (String setting : e.getValue().configKeys().values().stream()
                    .filter(k -> !k.internalConfig)
                    .map(k -> k.name)
                    .toList()) {
                assertThat(readme)
                        .as(e.getKey() + "/README.md mentions " + setting)
                        .contains(setting);
            }
        }
    }
}
