/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.slf4j.Logger;

/**
 * Settings accepted under a second name: the name another connector (Confluent's S3 sink, ...) gives a
 * setting that means exactly the same, so that a migrated config works unchanged. An alias is defined
 * like its setting (type, validator: its errors name the alias the user wrote), without a default; the
 * config sees the value under the setting's own name. When both names are set the setting's own name wins,
 * with a WARN naming both.
 */
public final class SettingAliases {

    /** {@code alias} is another name of {@code setting}; {@code origin} says whose name it is. */
    public record Alias(String alias, String setting, String origin) {}

    private final List<Alias> aliases;

    public SettingAliases(Alias... aliases) {
        this.aliases = List.of(aliases);
    }

    public List<Alias> aliases() {
        return aliases;
    }

    /**
     * Defines each alias in {@code def}, which must already define its setting: same type, importance and
     * validator (skipped for an unset alias), no default, in the setting's group.
     */
    public ConfigDef defineIn(ConfigDef def) {
        int order = 100;
        for (Alias a : aliases) {
            ConfigKey key = def.configKeys().get(a.setting());
            if (key == null) {
                throw new IllegalArgumentException("alias " + a.alias() + " of undefined setting " + a.setting());
            }
            ConfigDef.Validator validator = key.validator;
            def.define(
                    a.alias(),
                    key.type,
                    null,
                    validator == null ? null : new UnlessUnset(validator),
                    ConfigDef.Importance.LOW,
                    "Alias of " + a.setting() + " (the name " + a.origin() + " uses for the same setting): used when "
                            + a.setting() + " is not set; when both are set, " + a.setting() + " wins.",
                    key.group,
                    order++,
                    ConfigDef.Width.SHORT,
                    a.alias() + " (alias of " + a.setting() + ")");
        }
        return def;
    }

    /** The setting's validator, applied to an alias that is set. */
    private record UnlessUnset(ConfigDef.Validator validator) implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null) {
                validator.ensureValid(name, value);
            }
        }

        @Override
        public String toString() {
            return "unset, or " + validator;
        }
    }

    /**
     * The settings with each alias's value also under its setting's name (unless that name is set too, which
     * then wins and is logged at WARN).
     */
    public Map<Object, Object> resolve(Map<?, ?> props, Logger log) {
        Map<Object, Object> out = new HashMap<>(props);
        for (Alias a : aliases) {
            Object aliased = props.get(a.alias());
            if (aliased == null) {
                continue;
            }
            Object own = props.get(a.setting());
            if (own == null) {
                out.put(a.setting(), aliased);
            } else if (!Objects.equals(String.valueOf(own), String.valueOf(aliased))) {
                // names only: a value may be a secret
                log.warn(
                        "Both {} and its alias {} are set, to different values: {} wins; remove one of them",
                        a.setting(),
                        a.alias(),
                        a.setting());
            }
        }
        return out;
    }
}
