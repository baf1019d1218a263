/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.config.CheckpointStoreFragment;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

    @Test
    void rendersEverySettingUnderItsGroupWithRequiredAndDefaults() {
        ConfigDef def = CheckpointStoreFragment.addTo(new ConfigDef())
                .define("secret", ConfigDef.Type.PASSWORD, "s3cr3t", ConfigDef.Importance.HIGH, "A | secret.");
        String md = ConfigDocs.markdown("Example", def);
        assertThat(md).startsWith("## Example\n");
        assertThat(md).contains("### Checkpoint store");
        assertThat(md).contains("| `checkpoint.store.dir` | string | (required) |");
        assertThat(md).contains("| `checkpoint.store.durability` | string | `sync` |");
        assertThat(md).contains("### Other").contains("[hidden]").doesNotContain("s3cr3t");
        assertThat(md).contains("A \\| secret.");
        assertThat(md.indexOf("checkpoint.store.dir")).isLessThan(md.indexOf("checkpoint.corrupt.policy"));
    }
}
