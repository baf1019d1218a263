/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.mongo;

import com.mongodb.client.MongoClient;
import io.tidemark.stack.JavaProcess;
import io.tidemark.stack.LaunchClasspath;
import io.tidemark.stack.Ports;
import io.tidemark.stack.ServerProcess;
import io.tidemark.stack.StackException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bson.Document;

/**
 * mongo-java-server 1.47 (H2 backend, oplog on) in its own JVM ({@link MongoServerMain}), so it can be
 * SIGKILLed and restarted on the same MVStore file ({@code stateDir/mongo.mv}).
 */
public final class MongoServerProcess extends ServerProcess<MongoServerProcess> implements MongoEndpoint {
    private final Path stateDir;
    private final int port;

    public MongoServerProcess(Path stateDir) {
        super(Duration.ofSeconds(120), Duration.ofSeconds(10));
        this.stateDir = stateDir;
        this.port = Ports.freePort();
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        launch(JavaProcess.named("mongo-java-server")
                .classpath(LaunchClasspath.mongoServerClasspath())
                .mainClass(MongoServerMain.class.getName())
                .jvmArgs(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"))
                .args(String.valueOf(port), storeFile().toString())
                .workDir(stateDir)
                .logFile(stateDir.resolve("mongo.log"))
                .build());
    }

    public Path storeFile() {
        return stateDir.resolve("mongo.mv");
    }

    @Override
    protected int listenPort() {
        return port;
    }

    /** Ready when a ping succeeds (the client's server selection timeout bounds the wait). */
    @Override
    protected void awaitAnswer(Duration timeout) {
        try (MongoClient c = client()) {
            c.getDatabase("admin").runCommand(new Document("ping", 1));
        } catch (RuntimeException e) {
            throw new StackException("mongo-java-server does not answer ping: " + e + "\n" + logTail(40), e);
        }
    }

    @Override
    public String uri() {
        return "mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=10000";
    }

    public int port() {
        return port;
    }

    @Override
    public boolean isRealMongo() {
        return false;
    }

    @Override
    public String toString() {
        return "mongo-java-server[" + uri() + ", " + stateDir + "]";
    }
}
