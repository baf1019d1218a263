/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void doubleStarMatchesAnyDepthIncludingNone() {
        Glob g = Glob.compile("**/*.log");
        assertThat(g.matches("a.log")).isTrue();
        assertThat(g.matches("x/a.log")).isTrue();
        assertThat(g.matches("x/y/z/a.log")).isTrue();
        assertThat(g.matches("a.log.1")).isFalse();
    }

    @Test
    void singleStarAndQuestionMarkStayInOneDirectory() {
        assertThat(Glob.compile("*.log").matches("x/a.log")).isFalse();
        assertThat(Glob.compile("app?.log").matches("app1.log")).isTrue();
        assertThat(Glob.compile("app?.log").matches("app/.log")).isFalse();
    }

    @Test
    void bracesClassesAndLiteralDots() {
        Glob g = Glob.compile("{app,web}/[a-c]*.{log,txt}");
        assertThat(g.matches("app/b1.txt")).isTrue();
        assertThat(g.matches("web/a.log")).isTrue();
        assertThat(g.matches("db/a.log")).isFalse();
        assertThat(g.matches("app/d.log")).isFalse();
        assertThat(Glob.compile("a.log").matches("aXlog")).isFalse();
        assertThat(Glob.compile("[!a]*.log").matches("b.log")).isTrue();
        assertThat(Glob.compile("[!a]*.log").matches("a.log")).isFalse();
    }

    @Test
    void unbalancedGlobIsRejected() {
        assertThatThrownBy(() -> Glob.compile("{a,b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void excludesWinOverIncludesAndCompressedFilesCanBeExcluded() {
        PathFilter f = new PathFilter(List.of("**/*.log*"), List.of("**/*.gz", "archive/**"));
        assertThat(f.accepts("app.log")).isTrue();
        assertThat(f.accepts("app.log.1")).isTrue();
        assertThat(f.accepts("app.log.2.gz")).isFalse();
        assertThat(f.accepts("archive/old.log")).isFalse();
        assertThat(f.mayDescend("archive")).isFalse();
        assertThat(f.mayDescend("live")).isTrue();
    }
}
