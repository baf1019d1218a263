/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.discovery;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A path glob matched against a path relative to a root, with {@code /} as separator:
 * {@code *} and {@code ?} stay within one directory level, {@code **} crosses levels and
 * {@code **}{@code /} also matches no directory at all (so {@code **}{@code /*.log} matches
 * {@code a.log}), {@code [abc]} and {@code {a,b}} as usual.
 */
public final class Glob {

    private final String glob;
    private final Pattern regex;

    private Glob(String glob, Pattern regex) {
        this.glob = glob;
        this.regex = regex;
    }

    public static Glob compile(String glob) {
        if (glob == null || glob.isBlank()) {
            throw new IllegalArgumentException("empty glob");
        }
        StringBuilder re = new StringBuilder("^");
        int braces = 0;
        boolean inClass = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                    re.append(']');
                } else if (c == '!' && glob.charAt(i - 1) == '[') {
                    re.append('^');
                } else if (c == '\\' || c == '[' || c == '&') {
                    re.append('\\').append(c);
                } else {
                    re.append(c);
                }
                continue;
            }
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                            i++;
                            re.append("(?:.*/)?");
                        } else {
                            re.append(".*");
                        }
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '[' -> {
                    inClass = true;
                    re.append('[');
                }
                case '{' -> {
                    braces++;
                    re.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        re.append("\\}");
                    } else {
                        braces--;
                        re.append(')');
                    }
                }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    }
                }
                default -> {
                    if ("().+^$|".indexOf(c) >= 0) {
                        re.append('\\');
                    }
                    re.append(c);
                }
            }
        }
        if (inClass || braces != 0) {
            throw new IllegalArgumentException("unbalanced [ ] or { } in glob '" + glob + "'");
        }
        re.append('$');
        try {
            return new Glob(glob, Pattern.compile(re.toString()));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid glob '" + glob + "': " + e.getDescription(), e);
        }
    }

    /** Whether {@code relativePath} (with {@code /} separators) matches. */
    public boolean matches(String relativePath) {
        return regex.matcher(relativePath).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
