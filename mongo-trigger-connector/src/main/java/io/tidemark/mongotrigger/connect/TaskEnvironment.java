/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClients;
import io.tidemark.connect.Version;
import io.tidemark.connect.config.CheckpointStoreFragment;
import io.tidemark.mongotrigger.audit.AuditLog;
import io.tidemark.mongotrigger.snapshot.MongoDriverSnapshotReader;
import io.tidemark.mongotrigger.snapshot.SnapshotReader;
import io.tidemark.mongotrigger.stream.ChangeStreamSource;
import io.tidemark.mongotrigger.stream.MongoDriverChangeStreamSource;
import io.tidemark.store.CheckpointStore;
import io.tidemark.store.lmdb.LmdbCheckpointStore;
import java.time.Clock;

/** What a task gets from outside: the change-stream source, the checkpoint store, the audit log, time. */
interface TaskEnvironment {

    /** Version of the key layout this connector writes into its checkpoint store. */
    int STORE_SCHEME_VERSION = 1;

    /** The plugin part of this connector's store owner, {@code <plugin>/<connector>}. */
    String PLUGIN = "tidemark-mongo-trigger";

    /** Opens the connector's LMDB checkpoint store. */
    static CheckpointStore openStore(MongoTriggerSourceConfig config, String connectorName) {
        CheckpointStoreFragment settings = config.checkpointStore();
        return settings.open(
                LmdbCheckpointStore.opener(), settings.connectorStore(PLUGIN, connectorName, STORE_SCHEME_VERSION));
    }

    ChangeStreamSource source(MongoTriggerSourceConfig config);

    /** Reads existing documents for startup.mode=copy_existing; closed when the copy is complete. */
    SnapshotReader snapshotReader(MongoTriggerSourceConfig config);

    CheckpointStore store(MongoTriggerSourceConfig config, String connectorName);

    AuditLog audit();

    Clock clock();

    /** The real environment: mongodb-driver-sync and the connector's LMDB store. */
    TaskEnvironment PRODUCTION = new TaskEnvironment() {
        @Override
        public ChangeStreamSource source(MongoTriggerSourceConfig config) {
            return new MongoDriverChangeStreamSource(
                    MongoClients.create(clientSettings(config)), config.watchOptions(), true);
        }

        @Override
        public SnapshotReader snapshotReader(MongoTriggerSourceConfig config) {
            return new MongoDriverSnapshotReader(MongoClients.create(clientSettings(config)), true);
        }

        private static MongoClientSettings clientSettings(MongoTriggerSourceConfig config) {
            return MongoClientSettings.builder()
                    .applyConnectionString(
                            new ConnectionString(config.connectionUri().value()))
                    .applicationName("tidemark-mongo-trigger/" + Version.get())
                    .build();
        }

        @Override
        public CheckpointStore store(MongoTriggerSourceConfig config, String connectorName) {
            return openStore(config, connectorName);
        }

        @Override
        public AuditLog audit() {
            return AuditLog.slf4j();
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }
    };
}
