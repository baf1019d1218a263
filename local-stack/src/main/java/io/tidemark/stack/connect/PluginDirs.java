/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.connect;

import io.tidemark.stack.LaunchClasspath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Building plugin.path entries. A plugin.path entry is a directory whose sub-directories are plugins (each
 * loaded by its own isolated class loader, jars found recursively, e.g. {@code <name>/lib/*.jar}).
 *
 * <ul>
 *   <li>our modules' plugin dirs: {@code <module>/target/plugin} ({@link #modulePluginPath(Path)})</li>
 *   <li>Confluent Hub zips {@code <module>/target/components/packages/*.zip}: {@link #unzipHubZip(Path, Path)}</li>
 *   <li>any jars: {@link #fromJars(Path, String, List)}; Kafka's FileStream connectors: {@link #connectFile(Path)}</li>
 * </ul>
 */
public final class PluginDirs {
    private PluginDirs() {}

    /** {@code <moduleDir>/target/plugin}, checked to hold at least one plugin directory. */
    public static Path modulePluginPath(Path moduleDir) {
        Path p = moduleDir.resolve("target").resolve("plugin");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException(p + " does not exist: build the module first (mvn package)");
        }
        return p;
    }

    /** The Confluent Hub zips under {@code <moduleDir>/target/components/packages}. */
    public static List<Path> hubZips(Path moduleDir) {
        Path dir = moduleDir.resolve("target").resolve("components").resolve("packages");
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.zip")) {
                ds.forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Unzips a Confluent Hub component zip into {@code pluginPathDir} (created if needed, should be fresh) and
     * returns {@code pluginPathDir}, ready to be used as a plugin.path entry. Entries escaping the target
     * directory are rejected.
     */
    public static Path unzipHubZip(Path zip, Path pluginPathDir) {
        try {
            Files.createDirectories(pluginPathDir);
            Path root = pluginPathDir.toRealPath();
            try (InputStream in = Files.newInputStream(zip);
                    ZipInputStream zin = new ZipInputStream(in)) {
                ZipEntry e;
                while ((e = zin.getNextEntry()) != null) {
                    Path target = root.resolve(e.getName()).normalize();
                    if (!target.startsWith(root)) {
                        throw new IOException("zip entry escapes the target directory: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(zin, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return pluginPathDir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unzip " + zip, e);
        }
    }

    /** Creates {@code pluginPathDir/<name>/lib/} with copies of {@code jars}; returns {@code pluginPathDir}. */
    public static Path fromJars(Path pluginPathDir, String name, List<Path> jars) {
        try {
            Path lib = pluginPathDir.resolve(name).resolve("lib");
            Files.createDirectories(lib);
            for (Path jar : jars) {
                Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            return pluginPathDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plugin.path dir holding Kafka's connect-file plugin (FileStreamSourceConnector / FileStreamSinkConnector). */
    public static Path connectFile(Path pluginPathDir) {
        return fromJars(pluginPathDir, "connect-file", List.of(LaunchClasspath.connectFileJar()));
    }
}
