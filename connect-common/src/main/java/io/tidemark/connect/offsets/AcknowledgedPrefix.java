/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.offsets;

import java.util.Arrays;

/**
 * The acknowledged prefix of one stream of records: records are emitted in increasing sequence
 * order, Kafka acknowledges them in any order (records of one source partition can go to several
 * Kafka partitions), and the committable value is the one of the newest record whose every
 * predecessor was acknowledged too. A position taken from it never runs ahead of a record still in
 * flight, which is what keeps at-least-once delivery at least once after a crash.
 *
 * <p>Thread-safe (the task thread emits, producer threads acknowledge). Memory holds only the
 * records in flight. Acknowledgements of unknown sequences (emitted before a restart of the
 * tracker, or twice) are ignored. In-order acknowledgement, the common case, costs O(1); an
 * out-of-order one a binary search over the records in flight.
 *
 * @param <V> what a record's position is (a Connect offset map, a resume token...)
 */
public final class AcknowledgedPrefix<V> {

    private long[] seqs = new long[64];
    private Object[] values = new Object[64];
    private boolean[] acked = new boolean[64];
    private int head;
    private int size;
    private V committable;
    private long committableSeq = -1;
    private long advances;

    public AcknowledgedPrefix() {}

    /** Starts from a known committable position (e.g. the one resumed from). */
    public AcknowledgedPrefix(long seq, V value) {
        this.committable = value;
        this.committableSeq = seq;
    }

    /**
     * A record with sequence {@code seq} and position {@code value} was handed to Kafka.
     *
     * @throws IllegalArgumentException when {@code seq} is not above every sequence emitted before
     */
    public synchronized void emitted(long seq, V value) {
        long last = size > 0 ? seqs[index(size - 1)] : committableSeq;
        if (seq <= last) {
            throw new IllegalArgumentException("sequence " + seq + " emitted after " + last);
        }
        if (size == seqs.length) {
            grow();
        }
        int i = index(size);
        seqs[i] = seq;
        values[i] = value;
        acked[i] = false;
        size++;
    }

    /**
     * Kafka acknowledged the record with sequence {@code seq}, or it was dropped by design (a
     * transformation filtered it, an error was tolerated): either way it no longer holds the
     * position back.
     *
     * @return true when the committable position advanced
     */
    public synchronized boolean acknowledged(long seq) {
        if (size == 0) {
            return false;
        }
        int at;
        if (seqs[head] == seq) {
            at = 0;
        } else {
            at = find(seq);
            if (at < 0) {
                return false;
            }
        }
        acked[index(at)] = true;
        if (at != 0) {
            return false;
        }
        while (size > 0 && acked[head]) {
            committableSeq = seqs[head];
            @SuppressWarnings("unchecked")
            V v = (V) values[head];
            committable = v;
            values[head] = null;
            head = (head + 1) % seqs.length;
            size--;
            advances++;
        }
        return true;
    }

    /** The position of the newest record whose predecessors were all acknowledged; null before any. */
    public synchronized V committable() {
        return committable;
    }

    /** The sequence of {@link #committable()}; -1 before any. */
    public synchronized long committableSeq() {
        return committableSeq;
    }

    /** Records emitted and not yet part of the prefix. */
    public synchronized int inFlight() {
        return size;
    }

    /** How many records the prefix moved over since this tracker started. */
    public synchronized long advances() {
        return advances;
    }

    private int index(int offset) {
        return (head + offset) % seqs.length;
    }

    /** Offset from head of {@code seq} among the records in flight, or -1. */
    private int find(long seq) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long s = seqs[index(mid)];
            if (s < seq) {
                lo = mid + 1;
            } else if (s > seq) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    private void grow() {
        int n = seqs.length * 2;
        long[] s = new long[n];
        Object[] v = new Object[n];
        boolean[] a = new boolean[n];
        for (int k = 0; k < size; k++) {
            int i = index(k);
            s[k] = seqs[i];
            v[k] = values[i];
            a[k] = acked[i];
        }
        seqs = s;
        values = v;
        acked = a;
        head = 0;
        Arrays.fill(values, size, n, null);
    }
}
