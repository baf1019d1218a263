/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.discovery;

import java.util.List;

/** Include and exclude globs, matched against paths relative to a root. Excludes win. */
public final class PathFilter {

    private final List<Glob> includes;
    private final List<Glob> excludes;

    public PathFilter(List<String> includes, List<String> excludes) {
        this.includes = includes.stream().map(Glob::compile).toList();
        this.excludes = excludes.stream().map(Glob::compile).toList();
    }

    public boolean accepts(String relativePath) {
        if (excludes.stream().anyMatch(g -> g.matches(relativePath))) {
            return false;
        }
        return includes.stream().anyMatch(g -> g.matches(relativePath));
    }

    /** Whether a directory can hold accepted files (it is not excluded as a whole: {@code dir/**}). */
    public boolean mayDescend(String relativeDir) {
        String probe = relativeDir.isEmpty() ? "" : relativeDir + "/";
        return excludes.stream().noneMatch(g -> g.matches(relativeDir) || g.matches(probe + "**"));
    }
}
