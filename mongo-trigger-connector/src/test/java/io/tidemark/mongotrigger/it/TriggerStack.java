/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.it;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.connect.PluginDirs;
import io.tidemark.stack.connect.WorkerOptions;
import io.tidemark.stack.mongo.MongoServerProcess;
import io.tidemark.stack.rest.ConnectorStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Broker, one Connect worker with this module's plugin directory, and mongo-java-server, for the ITs. */
final class TriggerStack {

    static final String CONNECTOR = "io.tidemark.mongotrigger.connect.MongoTriggerSourceConnector";

    final LocalStack stack;
    final MongoServerProcess mongo;
    final ConnectWorker worker;
    final MongoClient client;

    TriggerStack(LocalStack stack, WorkerOptions options) {
        this.stack = stack;
        stack.startKafka();
        this.mongo = stack.startMongoServerProcess();
        this.worker = stack.startWorker(
                options.pluginPath().contains(pluginPath()) ? options : options.pluginPath(pluginPath()));
        this.client = stack.register(MongoClients.create(mongo.uri()));
    }

    static Path pluginPath() {
        return PluginDirs.modulePluginPath(Path.of("").toAbsolutePath());
    }

    String bootstrap() {
        return stack.kafka().bootstrapServers();
    }

    /** A config for this stack: one collection, string key/value converters, checkpoint store in the stack's state dir. */
    Map<String, String> config(String db, String coll, String... kv) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", CONNECTOR);
        c.put("tasks.max", "1");
        c.put("connection.uri", mongo.uri());
        c.put("watch.scope", "collection");
        c.put("database", db);
        c.put("collection", coll);
        c.put("checkpoint.store.dir", stack.stateDir().resolve("checkpoints").toString());
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("poll.await.time.ms", "50");
        for (int i = 0; i < kv.length; i += 2) {
            c.put(kv[i], kv[i + 1]);
        }
        return c;
    }

    ConnectorStatus awaitRunning(String name) {
        return worker.rest().awaitRunning(name, 1, Duration.ofSeconds(60));
    }
}
