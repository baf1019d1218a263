/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config.validators;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Empty, or a Java regular expression that compiles. */
public final class OptionalRegex implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null || value.toString().isEmpty()) {
            return;
        }
        try {
            Pattern.compile(value.toString());
        } catch (PatternSyntaxException e) {
            throw new ConfigException(name, value, "not a valid regular expression: " + e.getDescription());
        }
    }

    @Override
    public String toString() {
        return "empty, or a Java regular expression";
    }
}
