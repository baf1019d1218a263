package io.tidemark.stack;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every process the local stack starts is registered here; a single JVM shutdown hook SIGKILLs whatever is
 * still alive when the test JVM exits (including after a failed test that never reached close()).
 */
public final class ProcessRegistry {
    private static final Set<ManagedProcess> LIVE = new LinkedHashSet<>();
    private static boolean hookInstalled;

    private ProcessRegistry() {
    }

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
            try {
                p.kill9();
            } catch (RuntimeException ignored) {
                // the JVM is exiting: kill what we can
            }
        }
    }
}
