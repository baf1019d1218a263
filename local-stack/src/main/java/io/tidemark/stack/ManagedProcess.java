/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One OS process started by the local stack: stdout and stderr appended to a log file, registered with
 * {@link ProcessRegistry} (so a JVM shutdown hook kills it if nobody else does), and stoppable with a real
 * SIGKILL ({@link #kill9()}) or SIGTERM-then-SIGKILL ({@link #stop(Duration)}). It can be started again with
 * the same command ({@link #start()} after it exited).
 */
public final class ManagedProcess implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Path logFile;
    private final Path workDir;
    private final Map<String, String> env;
    private volatile Process process;

    public ManagedProcess(String name, List<String> command, Path workDir, Path logFile, Map<String, String> env) {
        this.name = name;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.logFile = logFile;
        this.env = Map.copyOf(env);
    }

    /** Starts the process (again, if it ran before and exited). Output is appended to {@link #logFile()}. */
    public synchronized ManagedProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(
                    logFile,
                    "\n==== " + java.time.Instant.now() + " starting " + name + ": " + String.join(" ", abbreviated())
                            + "\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            pb.environment().putAll(env);
            process = pb.start();
            ProcessRegistry.register(this);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private List<String> abbreviated() {
        List<String> out = new ArrayList<>();
        for (String s : command) {
            out.add(s.length() > 300 ? s.substring(0, 120) + "...(" + s.length() + " chars)" : s);
        }
        return out;
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public List<String> command() {
        return command;
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public long pid() {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return p.pid();
    }

    /** Exit code, or -1 while it runs or before it started. */
    public int exitCode() {
        Process p = process;
        return p == null || p.isAlive() ? -1 : p.exitValue();
    }

    /** Waits for the process to exit on its own and returns its exit code. */
    public int waitFor(Duration timeout) {
        Process p = process;
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StackException(name + " did not exit within " + timeout + "\n" + logTail(40));
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", e);
        }
    }

    /** Sends SIGTERM without waiting. */
    void sigterm() {
        Process p = process;
        if (p != null) {
            p.destroy();
        }
    }

    /** SIGKILL (Process.destroyForcibly is SIGKILL on Unix) and wait until the process is gone. */
    public synchronized void kill9() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        awaitExit(p, Duration.ofSeconds(30));
        ProcessRegistry.unregister(this);
    }

    /** SIGTERM, then SIGKILL if the process has not exited within {@code grace}. Returns true if it exited on SIGTERM. */
    public synchronized boolean stop(Duration grace) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            ProcessRegistry.unregister(this);
            return true;
        }
        p.destroy();
        boolean clean = awaitExit(p, grace);
        if (!clean) {
            appendToLog("SIGTERM did not stop " + name + " within " + grace + ": thread dump (SIGQUIT), then SIGKILL");
            dumpThreads(p);
            p.destroyForcibly();
            awaitExit(p, Duration.ofSeconds(30));
        }
        ProcessRegistry.unregister(this);
        return clean;
    }

    /** Asks a JVM that hangs in its shutdown for a thread dump into its log (what it waits for). */
    private static void dumpThreads(Process p) {
        try {
            Process quit = new ProcessBuilder("kill", "-QUIT", Long.toString(p.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            quit.waitFor(5, TimeUnit.SECONDS);
            Thread.sleep(1_000); // the JVM writes the dump asynchronously
        } catch (IOException e) {
            // no kill(1) here: the SIGKILL follows without a dump
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitExit(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    private void appendToLog(String line) {
        try {
            Files.writeString(
                    logFile,
                    "\n==== " + line + "\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // best effort: the log is diagnostics only
        }
    }

    /** The last {@code lines} lines of the log file (for failure messages). */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    /** The last {@code lines} lines of a text file, or a note if it cannot be read. */
    public static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            long from = Math.max(0, len - 256L * 1024);
            raf.seek(from);
            byte[] buf = new byte[(int) (len - from)];
            raf.readFully(buf);
            String text = new String(buf, StandardCharsets.UTF_8);
            String[] all = text.split("\n", -1);
            int start = Math.max(0, all.length - lines);
            StringBuilder sb =
                    new StringBuilder("---- last lines of ").append(file).append(" ----\n");
            for (int i = start; i < all.length; i++) {
                sb.append(all[i]).append('\n');
            }
            return sb.toString();
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        Process p = process;
        return name
                + (p == null
                        ? " (not started)"
                        : " pid " + p.pid() + (p.isAlive() ? " running" : " exited " + p.exitValue()));
    }
}
