/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.demo;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Command line of {@link Demo}. */
public record DemoOptions(
        List<Path> plugins,
        Path configs,
        Path state,
        int headlessSeconds,
        boolean feed,
        int intervalSeconds,
        String bucket) {

    public static final String USAGE =
            """
            usage: Demo [--plugins <dir|zip>[,<dir|zip>...]] [--configs <dir>] [--state <dir>]
                        [--headless-seconds N] [--no-feed] [--interval-seconds N] [--bucket NAME]
              --plugins           plugin.path entries: a directory of plugin directories (e.g. <module>/target/plugin),
                                  a Confluent Hub zip, or a directory of zips (e.g. <module>/target/components/packages)
              --configs           directory of connector JSON files ({"name":..,"config":{..}} or flat); placeholders
                                  ${S3_ENDPOINT} ${S3_ACCESS_KEY} ${S3_SECRET_KEY} ${S3_BUCKET} ${S3_REGION}
                                  ${MONGODB_URI} ${MONGODB_DATABASE} ${MONGODB_COLLECTION} ${DEMO_LOG_DIR}
                                  ${DEMO_LOG_FILE} ${KAFKA_BOOTSTRAP_SERVERS} ${BOOTSTRAP_SERVERS} ${DEMO_STATE_DIR}
                                  are substituted; ${STATE_DIR} is <state>/connector-state/<config file name>
                                  (one directory per connector); other ${VAR}s come from the environment
              --state             where all state lives (default: a new temp dir); kept after exit
              --headless-seconds  run N seconds, then exit 0 if every deployed connector is RUNNING and data flowed
                                  (2: nothing deployed, 3: not all RUNNING, 4: no data flowed)
              --no-feed           do not append demo log lines nor write Mongo documents
              --interval-seconds  status print interval (default 5)
              --bucket            S3 bucket to create (default tidemark-demo)
            """;

    public static DemoOptions parse(String[] args) {
        List<Path> plugins = new ArrayList<>();
        Path configs = null;
        Path state = null;
        int headless = 0;
        boolean feed = true;
        int interval = 5;
        String bucket = "tidemark-demo";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--plugins" -> {
                    for (String p : value(args, ++i, a).split(",")) {
                        if (!p.isBlank()) {
                            plugins.add(Paths.get(p.trim()).toAbsolutePath());
                        }
                    }
                }
                case "--configs" -> configs = Paths.get(value(args, ++i, a)).toAbsolutePath();
                case "--state" -> state = Paths.get(value(args, ++i, a)).toAbsolutePath();
                case "--headless-seconds" -> headless = Integer.parseInt(value(args, ++i, a));
                case "--no-feed" -> feed = false;
                case "--interval-seconds" -> interval = Integer.parseInt(value(args, ++i, a));
                case "--bucket" -> bucket = value(args, ++i, a);
                case "-h", "--help" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        return new DemoOptions(List.copyOf(plugins), configs, state, headless, feed, Math.max(1, interval), bucket);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
