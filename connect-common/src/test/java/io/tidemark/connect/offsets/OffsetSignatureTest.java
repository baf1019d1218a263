/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OffsetSignatureTest {

    private static Map<String, Object> offset() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("pos", 4096L);
        o.put("line", 17L);
        o.put("path", "/var/log/app/\u00e9v\u00e9nements-\u65e5\u5fd7.log");
        o.put("fp", -42L);
        o.put("tidemark.seq", 9L);
        return o;
    }

    /** Offsets signed by earlier versions stay task-written: the canonical form must never change. */
    @Test
    void signatureOfAKnownOffsetNeverChanges() {
        assertThat(OffsetSignature.sign(offset())).isEqualTo("7efcd8c2"); // computed by the first implementation
    }

    @Test
    void keyOrderAndIntegralTypesDoNotMatter() {
        Map<String, Object> reordered = new HashMap<>();
        offset().forEach(reordered::put);
        reordered.put("line", 17); // an Integer after a JSON round trip
        assertThat(OffsetSignature.sign(reordered)).isEqualTo(OffsetSignature.sign(offset()));
    }

    @Test
    void aMapOfTheSameShapeWithOtherValuesSignsDifferently() {
        String first = OffsetSignature.sign(offset());
        Map<String, Object> moved = offset();
        moved.put("pos", 4097L);
        assertThat(OffsetSignature.sign(moved)).isNotEqualTo(first);
        Map<String, Object> other = offset();
        other.remove("fp");
        other.put("check", -42L); // same size, other keys: the cached sort must not be reused
        assertThat(OffsetSignature.sign(other)).isNotEqualTo(first);
        assertThat(OffsetSignature.sign(offset())).isEqualTo(first);
    }
}
