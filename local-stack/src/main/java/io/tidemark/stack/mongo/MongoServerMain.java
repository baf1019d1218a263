/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.File;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVStore;

/**
 * Main of the mongo-java-server JVM started by {@link MongoServerProcess}: H2 MVStore backend in a file (data and
 * oplog survive a restart), oplog enabled (collection-level change streams), bound to 127.0.0.1.
 * Args: {@code <port> <mvstore file>}. Commits the store every 100 ms, so a SIGKILL loses at most that much.
 */
public final class MongoServerMain {
    private MongoServerMain() {}

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        String file = args[1];
        waitPastLastOplogSecond(new File(file));
        MVStore store =
                new MVStore.Builder().fileName(file).autoCommitDisabled().open();
        H2Backend backend = new H2Backend(store);
        MongoServer server = new MongoServer(backend);
        server.enableOplog();
        server.bind("127.0.0.1", port);
        ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mvstore-commit");
            t.setDaemon(true);
            return t;
        });
        committer.scheduleWithFixedDelay(
                () -> {
                    try {
                        backend.commit();
                    } catch (RuntimeException e) {
                        System.err.println("mvstore commit failed: " + e);
                    }
                },
                100,
                100,
                TimeUnit.MILLISECONDS);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            committer.shutdownNow();
            server.shutdownNow();
            backend.close();
            System.out.println("mongo-java-server stopped");
            done.countDown();
        }));
        System.out.println("mongo-java-server listening on 127.0.0.1:" + port + " store " + file);
        done.await();
    }

    /**
     * mongo-java-server stamps oplog entries with (wall-clock second, counter) and its counter starts at 0 in every
     * JVM. A server restarted within the second of its last persisted entry would stamp new entries below the old
     * ones, and a change stream resumed from an old token would skip them (a real mongod never goes back). Every
     * persisted entry was committed no later than the store file's last modification, so starting in a later second
     * keeps the oplog increasing across restarts.
     */
    private static void waitPastLastOplogSecond(File store) throws InterruptedException {
        if (!store.exists()) {
            return;
        }
        long firstSafeMillis = (store.lastModified() / 1000 + 1) * 1000;
        long wait = firstSafeMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
