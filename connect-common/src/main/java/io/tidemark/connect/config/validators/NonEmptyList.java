/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config.validators;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** A list setting that needs at least one non-blank element. */
public final class NonEmptyList implements ConfigDef.Validator {

    private final String missing;
    private final String description;

    /**
     * @param missing the message when the list is empty, e.g. "at least one root directory is required"
     * @param description what the setting holds, for the generated docs
     */
    public NonEmptyList(String missing, String description) {
        this.missing = missing;
        this.description = description;
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (!(value instanceof List<?> l)
                || l.isEmpty()
                || l.stream().allMatch(v -> v.toString().isBlank())) {
            throw new ConfigException(name, value, missing);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
