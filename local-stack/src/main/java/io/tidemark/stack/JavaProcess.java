/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link ManagedProcess} running a Java main class (or -jar) with the JVM that runs this code. */
public final class JavaProcess {
    private final String name;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private List<Path> classpath = List.of();
    private String mainClass;
    private Path jar;
    private Path workDir;
    private Path logFile;

    private JavaProcess(String name) {
        this.name = name;
    }

    public static JavaProcess named(String name) {
        return new JavaProcess(name);
    }

    public JavaProcess classpath(List<Path> cp) {
        this.classpath = List.copyOf(cp);
        return this;
    }

    public JavaProcess mainClass(String mainClass) {
        this.mainClass = mainClass;
        return this;
    }

    public JavaProcess jar(Path jar) {
        this.jar = jar;
        return this;
    }

    public JavaProcess jvmArgs(List<String> a) {
        jvmArgs.addAll(a);
        return this;
    }

    public JavaProcess args(String... a) {
        args.addAll(List.of(a));
        return this;
    }

    public JavaProcess env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public JavaProcess workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    public JavaProcess logFile(Path f) {
        this.logFile = f;
        return this;
    }

    public ManagedProcess build() {
        List<String> cmd = new ArrayList<>();
        cmd.add(LaunchClasspath.javaExecutable());
        cmd.addAll(jvmArgs);
        if (jar != null) {
            cmd.add("-jar");
            cmd.add(jar.toString());
        } else {
            cmd.add("-cp");
            cmd.add(LaunchClasspath.join(classpath));
            cmd.add(mainClass);
        }
        cmd.addAll(args);
        // keep JAVA_TOOL_OPTIONS / agent settings of the test JVM out of the children
        env.putIfAbsent("JAVA_TOOL_OPTIONS", "");
        return new ManagedProcess(name, cmd, workDir, logFile, env);
    }
}
