/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config;

import java.util.List;
import java.util.Map;

/**
 * A parsed config that can check rules spanning several settings (A requires B, A excludes B).
 * Every connector config reports such problems the same way: by the setting a user has to fix,
 * so {@code validate()} shows each message next to that setting, and {@code start()} fails with
 * it ({@link ConnectorValidation#requireNoProblems}).
 */
public interface CrossFieldChecked {

    /** Messages by setting name, in a stable order; empty when the config is consistent. */
    Map<String, List<String>> crossFieldProblems();
}
