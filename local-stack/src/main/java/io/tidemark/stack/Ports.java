/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** Free loopback ports and port probes. Everything in the local stack binds to 127.0.0.1 only. */
public final class Ports {
    public static final String LOOPBACK = "127.0.0.1";
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Ports() {}

    /** A port that was free on 127.0.0.1 a moment ago and was not handed out before by this JVM. */
    public static synchronized int freePort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
                s.setReuseAddress(true);
                int port = s.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port", e);
            }
        }
        throw new IllegalStateException("no free port found after 50 attempts");
    }

    /** True when something accepts TCP connections on 127.0.0.1:port. */
    public static boolean isListening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(LOOPBACK, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until 127.0.0.1:port accepts connections, or throws after the timeout. */
    public static void awaitListening(int port, Duration timeout, ManagedProcess owner) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (isListening(port)) {
                return;
            }
            if (owner != null && !owner.isAlive()) {
                throw new StackException(owner.name() + " exited (code " + owner.exitCode()
                        + ") before listening on port " + port + "\n" + owner.logTail(60));
            }
            Sleep.millis(50);
        }
        throw new StackException(
                "port " + port + " not listening after " + timeout + (owner == null ? "" : "\n" + owner.logTail(60)));
    }
}
