/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/** Orders keys by the unsigned bytes of their UTF-8 form, as LMDB does. */
public final class Utf8KeyOrder implements Comparator<String> {

    public static final Utf8KeyOrder INSTANCE = new Utf8KeyOrder();

    private Utf8KeyOrder() {}

    @Override
    public int compare(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
