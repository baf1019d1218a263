/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WriteBatchTest {

    @Test
    void keysAreLimitedByTheirUtf8Length() {
        WriteBatch b = WriteBatch.create();
        b.put("a".repeat(511), new byte[0]);
        b.put("\u00e9".repeat(255), new byte[0]); // 510 bytes
        b.put("\uD83D\uDE00".repeat(127), new byte[0]); // 508 bytes, 254 chars
        assertThat(b.size()).isEqualTo(3);
        assertThatThrownBy(() -> b.put("a".repeat(512), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("512 bytes");
        assertThatThrownBy(() -> b.put("\u20ac".repeat(171), new byte[0])) // 171 chars, 513 bytes
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("513 bytes");
        assertThatThrownBy(() -> b.put("\uD83D\uDE00".repeat(128), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(b.size()).isEqualTo(3);
    }

    @Test
    void valuesAreCopiedAndNullIsRejected() {
        byte[] v = {1, 2};
        WriteBatch b = WriteBatch.create().put("k", v);
        v[0] = 9;
        assertThat(b.ops().get(0).value()).containsExactly(1, 2);
        assertThatThrownBy(() -> b.put("k", null)).isInstanceOf(NullPointerException.class);
        assertThat(WriteBatch.create().delete("k").ops().get(0).isDelete()).isTrue();
    }
}
