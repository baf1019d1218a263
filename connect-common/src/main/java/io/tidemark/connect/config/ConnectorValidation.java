/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;

/**
 * The one {@code validate()} flow every Tidemark connector follows, and its counterpart for
 * {@code start()}:
 * <ol>
 *   <li>single-setting checks ({@code ConfigDef} validators, done by {@code Connector.validate});</li>
 *   <li>when those pass: the parsed config's cross-field problems ({@link CrossFieldChecked});</li>
 *   <li>when those pass too: live checks against the outside world (the bucket, the server, the
 *       worker's file system), which are slow and pointless on a config that is already wrong.</li>
 * </ol>
 * Every problem is attached to the setting a user has to fix.
 */
public final class ConnectorValidation {

    /** A check against the outside world, given a consistent parsed config; returns problems by setting. */
    @FunctionalInterface
    public interface LiveCheck<C> {
        Map<String, List<String>> problems(C parsed);
    }

    private ConnectorValidation() {}

    /**
     * Completes {@code singleSettingResult} (what {@code super.validate(props)} returned) with the
     * cross-field and live problems.
     */
    public static <C extends CrossFieldChecked> Config validate(
            Config singleSettingResult,
            Map<String, String> props,
            Function<Map<String, String>, C> parse,
            LiveCheck<? super C> live) {
        if (ValidationErrors.any(singleSettingResult)) {
            return singleSettingResult;
        }
        C parsed = parse.apply(props);
        ValidationErrors.attachAll(singleSettingResult, parsed.crossFieldProblems());
        if (ValidationErrors.any(singleSettingResult)) {
            return singleSettingResult;
        }
        ValidationErrors.attachAll(singleSettingResult, live.problems(parsed));
        return singleSettingResult;
    }

    /** For {@code start()}: fails with the cross-field problems, each after the setting it concerns. */
    public static void requireNoProblems(CrossFieldChecked config) {
        requireNone(config.crossFieldProblems());
    }

    /** Fails with every one of {@code problems}, each after the setting it concerns. */
    public static void requireNone(Map<String, List<String>> problems) {
        if (problems.isEmpty()) {
            return;
        }
        StringJoiner message = new StringJoiner("; ", "Invalid configuration: ", "");
        problems.forEach((setting, messages) -> message.add(setting + ": " + String.join("; ", messages)));
        throw new ConfigException(message.toString());
    }
}
