/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every process the local stack starts is registered here; a single JVM shutdown hook stops whatever is still
 * alive when the JVM exits (including after a failed test that never reached close()): SIGTERM to all, then
 * SIGKILL to those still alive after 5 s.
 */
public final class ProcessRegistry {
    private static final Set<ManagedProcess> LIVE = new LinkedHashSet<>();
    private static boolean hookInstalled;

    private ProcessRegistry() {}

    static synchronized void register(ManagedProcess p) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(ProcessRegistry::killAll, "tidemark-local-stack-reaper"));
            hookInstalled = true;
        }
        LIVE.add(p);
    }

    static synchronized void unregister(ManagedProcess p) {
        LIVE.remove(p);
    }

    /** Processes started and not yet stopped, in start order. */
    public static synchronized List<ManagedProcess> live() {
        List<ManagedProcess> out = new ArrayList<>();
        for (ManagedProcess p : LIVE) {
            if (p.isAlive()) {
                out.add(p);
            }
        }
        return out;
    }

    private static void killAll() {
        List<ManagedProcess> copy;
        synchronized (ProcessRegistry.class) {
            copy = new ArrayList<>(LIVE);
        }
        for (ManagedProcess p : copy) {
            p.sigterm();
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        for (ManagedProcess p : copy) {
            while (p.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
        for (ManagedProcess p : copy) {
            try {
                p.kill9();
            } catch (RuntimeException ignored) {
                // the JVM is exiting: kill what we can
            }
        }
    }
}
