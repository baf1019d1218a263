/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config.validators;

import java.nio.charset.Charset;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** The name of a charset the worker's JVM supports. */
public final class CharsetName implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        try {
            if (value == null || !Charset.isSupported(value.toString().trim())) {
                throw new ConfigException(name, value, "charset not supported by this JVM");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, "not a charset name: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "a charset the JVM supports, e.g. UTF-8, ISO-8859-1, UTF-16, windows-1252";
    }
}
