/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EscapesTest {

    @Test
    void delimiterEscapesAreResolved() {
        assertThat(Escapes.unescape("\\r\\n")).isEqualTo("\r\n");
        assertThat(Escapes.unescape("\\u001e")).isEqualTo("\u001e");
        assertThat(Escapes.unescape("\\t\\0\\\\")).isEqualTo("\t\0\\");
        assertThat(Escapes.unescape("||")).isEqualTo("||");
    }

    @Test
    void unknownAndIncompleteEscapesAreRefused() {
        assertThatThrownBy(() -> Escapes.unescape("\\q"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown escape \\q");
        assertThatThrownBy(() -> Escapes.unescape("\\u00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("incomplete");
    }
}
