/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.connect;

import io.tidemark.connect.offsets.OffsetMirror;
import io.tidemark.filesource.read.Line;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The stamped source offset of one record: the fields of {@link OffsetShape#offset} followed by
 * {@code tidemark.seq} and {@code tidemark.sig}, in that order, with the values and signature that
 * {@link OffsetMirror#stamp} gives them. An immutable map that holds its numbers as primitives and
 * computes the signature the first time it is read: Connect keeps every record's offset but writes
 * only the newest one per partition at an offset flush, and the local store receives only the newest
 * acknowledged one per poll, so the signatures of most records are never needed.
 *
 * <p>Thread-safe: the fields are final and the signature is a pure function of them (two threads
 * reading it first compute the same string).
 */
final class FileOffset extends AbstractMap<String, Object> {

    static final String SEQ = "tidemark.seq";
    static final String SIG = "tidemark.sig";

    private static final int POS = 0;
    private static final int LINE = 1;
    private static final int FP_LEN = 2;
    private static final int FP = 3;
    private static final int CHECK_LEN = 4;
    private static final int CHECK = 5;
    private static final int PATH = 6;
    private static final int SEQ_AT = 7;
    private static final int SIG_AT = 8;

    private static final String[] KEYS = {
        OffsetShape.POS,
        OffsetShape.LINE,
        OffsetShape.FP_LEN,
        OffsetShape.FP,
        OffsetShape.CHECK_LEN,
        OffsetShape.CHECK,
        OffsetShape.PATH,
        SEQ,
        SIG
    };
    /** The same key instances in the same order for every offset (the signer reuses its sorted order). */
    private static final Set<String> KEY_SET = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(KEYS)));

    private final long pos;
    private final long line;
    private final long fpLen;
    private final long fp;
    private final long checkLen;
    private final long check;
    private final String path;
    private final long seq;
    private String sig;

    /** The offset after {@code line}, read from {@code path}, stamped with sequence {@code seq}. */
    FileOffset(Line line, String path, long seq) {
        this.pos = line.end();
        this.line = line.lastNumber();
        this.fpLen = line.fingerprint().length();
        this.fp = line.fingerprint().hash();
        this.checkLen = line.check().length();
        this.check = line.check().hash();
        this.path = path;
        this.seq = seq;
    }

    long seq() {
        return seq;
    }

    private static int indexOf(Object key) {
        if (!(key instanceof String k)) {
            return -1;
        }
        for (int i = 0; i < KEYS.length; i++) {
            if (KEYS[i] == k) {
                return i;
            }
        }
        for (int i = 0; i < KEYS.length; i++) {
            if (KEYS[i].equals(k)) {
                return i;
            }
        }
        return -1;
    }

    private Object valueAt(int i) {
        return switch (i) {
            case POS -> pos;
            case LINE -> line;
            case FP_LEN -> fpLen;
            case FP -> fp;
            case CHECK_LEN -> checkLen;
            case CHECK -> check;
            case PATH -> path;
            case SEQ_AT -> seq;
            case SIG_AT -> signature();
            default -> throw new IndexOutOfBoundsException(i);
        };
    }

    private String signature() {
        String s = sig;
        if (s == null) {
            s = OffsetMirror.signatureOf(this); // reads every field but this one
            sig = s;
        }
        return s;
    }

    @Override
    public int size() {
        return KEYS.length;
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : valueAt(i);
    }

    @Override
    public Set<String> keySet() {
        return KEY_SET;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return KEYS.length;
            }

            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < KEYS.length;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (next >= KEYS.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(KEYS[i], valueAt(i));
                    }
                };
            }
        };
    }
}
