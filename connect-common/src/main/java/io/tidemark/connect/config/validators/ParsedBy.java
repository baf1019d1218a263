/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config.validators;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A setting whose value must be accepted by the parser the connector uses at run time (a glob, a
 * template, a delimiter with escapes): validation runs that same parser, so a value that passes
 * here cannot fail later. The parser reports a bad value with an {@link IllegalArgumentException}
 * whose message becomes the validation error.
 */
public final class ParsedBy implements ConfigDef.Validator {

    /** Parses one value; throws {@link IllegalArgumentException} with a user-facing message when it is bad. */
    @FunctionalInterface
    public interface Parser {
        void parse(String value);
    }

    private final Parser parser;
    private final String description;
    private final boolean list;
    private final String missing;

    private ParsedBy(Parser parser, String description, boolean list, String missing) {
        this.parser = parser;
        this.description = description;
        this.list = list;
        this.missing = missing;
    }

    /** A string setting; null counts as the empty string. */
    public static ParsedBy string(Parser parser, String description) {
        return new ParsedBy(parser, description, false, null);
    }

    /** A list setting whose every element must parse; {@code missing} (nullable) rejects an empty list. */
    public static ParsedBy eachOf(Parser parser, String description, String missing) {
        return new ParsedBy(parser, description, true, missing);
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (!list) {
            parse(name, value, value == null ? "" : value.toString());
            return;
        }
        List<?> values = (List<?>) value;
        if (missing != null && (values == null || values.isEmpty())) {
            throw new ConfigException(name, value, missing);
        }
        if (values != null) {
            for (Object element : values) {
                parse(name, element, element.toString());
            }
        }
    }

    private void parse(String name, Object shown, String value) {
        try {
            parser.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, shown, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
