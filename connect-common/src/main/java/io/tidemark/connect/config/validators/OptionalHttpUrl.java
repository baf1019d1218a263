/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config.validators;

import java.net.URI;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Empty, or an http:// or https:// URL with a host. */
public final class OptionalHttpUrl implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        String s = value == null ? "" : value.toString().strip();
        if (s.isEmpty()) {
            return;
        }
        URI u;
        try {
            u = URI.create(s);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, "is not a URL: " + e.getMessage());
        }
        if (u.getScheme() == null
                || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                || u.getHost() == null) {
            throw new ConfigException(name, value, "must be an http:// or https:// URL with a host");
        }
    }

    @Override
    public String toString() {
        return "empty, or an http(s) URL";
    }
}
