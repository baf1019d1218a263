/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Classpaths and jars of the JVMs the stack launches, resolved from the local Maven repository.
 *
 * <p>The build of this module writes {@code worker.classpath} (kafka_2.13, connect-runtime, kafka-tools and
 * log4j with their dependencies: no Tidemark class, so plugin isolation in the worker is real) and
 * {@code mongo.classpath} (mongo-java-server + H2 backend) as resources, with the local repository replaced by a
 * placeholder. At run time the placeholder becomes the local repository this JVM loads Kafka from (or
 * {@code -Dmaven.repo.local}, or {@code ~/.m2/repository}), so it works from this module's tests, from another
 * module's tests that depend on it, and from the demo.
 */
public final class LaunchClasspath {
    private static final String PLACEHOLDER = "@M2REPO@";
    private static final Properties VERSIONS = loadVersions();

    private LaunchClasspath() {}

    private static Properties loadVersions() {
        Properties p = new Properties();
        try (InputStream in = LaunchClasspath.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new StackException("io/tidemark/stack/versions.properties missing from the local-stack jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    public static String kafkaVersion() {
        return VERSIONS.getProperty("kafka.version");
    }

    /** The local Maven repository the generated classpaths point into. */
    public static Path localRepository() {
        String prop = System.getProperty("maven.repo.local");
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop);
        }
        // .../org/apache/kafka/kafka-clients/<v>/kafka-clients-<v>.jar -> repository root
        try {
            Path jar = Paths.get(org.apache.kafka.clients.admin.Admin.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path versionDir = jar.getParent();
            if (versionDir != null
                    && versionDir.getParent() != null
                    && versionDir.getParent().getFileName().toString().equals("kafka-clients")) {
                Path root = versionDir
                        .getParent()
                        .getParent()
                        .getParent()
                        .getParent()
                        .getParent();
                if (root != null && Files.isDirectory(root.resolve("org/apache/kafka"))) {
                    return root;
                }
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // fall back to the default location
        }
        return Paths.get(System.getProperty("user.home"), ".m2", "repository");
    }

    /** Broker and Connect worker classpath: Kafka, Connect and log4j jars only. */
    public static List<Path> kafkaClasspath() {
        return resolve("worker.classpath");
    }

    /**
     * The classpath of a Connect worker of Kafka {@code version}: {@code worker-<version>.classpath}, written by
     * the build for every version of {@code compat.kafka.versions} (root pom; {@code -Pcompat-full} lists them
     * all), or {@link #kafkaClasspath()} for the build's own Kafka version.
     */
    public static List<Path> workerClasspath(String version) {
        String resource = "worker-" + version + ".classpath";
        if (LaunchClasspath.class.getResource(resource) == null) {
            if (version.equals(kafkaVersion())) {
                return kafkaClasspath();
            }
            throw new StackException("no Connect worker classpath for Kafka " + version + " (io/tidemark/stack/"
                    + resource + "): add " + version + " to compat.kafka.versions in the root pom (or build with"
                    + " -Pcompat-full) and rebuild local-stack");
        }
        return resolve(resource);
    }

    /** True when a worker of Kafka {@code version} logs with log4j 1 (reload4j): every 3.x; 4.x uses log4j2. */
    public static boolean workerUsesLog4j1(String version) {
        return version.startsWith("3.") || version.startsWith("2.");
    }

    /** mongo-java-server + H2 backend jars, plus the location of this module's classes (for MongoServerMain). */
    public static List<Path> mongoServerClasspath() {
        List<Path> cp = new ArrayList<>(resolve("mongo.classpath"));
        cp.add(codeLocation(LaunchClasspath.class));
        return cp;
    }

    /** The s3proxy jar-with-dependencies (override: -Dtidemark.s3proxy.jar=...). */
    public static Path s3proxyJar() {
        String override = System.getProperty("tidemark.s3proxy.jar");
        if (override != null) {
            return existing(Paths.get(override));
        }
        String v = VERSIONS.getProperty("s3proxy.version");
        return existing(
                localRepository().resolve("org/gaul/s3proxy/" + v + "/s3proxy-" + v + "-jar-with-dependencies.jar"));
    }

    /** Kafka's connect-file jar (FileStreamSource/SinkConnector), same version as the worker. */
    public static Path connectFileJar() {
        String v = kafkaVersion();
        return existing(
                localRepository().resolve("org/apache/kafka/connect-file/" + v + "/connect-file-" + v + ".jar"));
    }

    /** The java executable of the running JVM. */
    public static String javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static String join(List<Path> cp) {
        StringBuilder sb = new StringBuilder();
        for (Path p : cp) {
            if (sb.length() > 0) {
                sb.append(java.io.File.pathSeparatorChar);
            }
            sb.append(p);
        }
        return sb.toString();
    }

    public static Path codeLocation(Class<?> c) {
        try {
            return Paths.get(
                    c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new StackException("cannot locate the code of " + c, e);
        }
    }

    private static List<Path> resolve(String resource) {
        String text;
        try (InputStream in = LaunchClasspath.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new StackException("io/tidemark/stack/" + resource + " missing: build local-stack with Maven "
                        + "(its generate-resources phase writes it)");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String repo = localRepository().toString();
        List<Path> out = new ArrayList<>();
        for (String entry : text.split(":")) {
            if (entry.isBlank()) {
                continue;
            }
            out.add(existing(Paths.get(entry.replace(PLACEHOLDER, repo))));
        }
        return out;
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new StackException(p + " does not exist: run `mvn -f local-stack install` so Maven fetches it "
                    + "(local repository: " + localRepository() + ")");
        }
        return p;
    }
}
