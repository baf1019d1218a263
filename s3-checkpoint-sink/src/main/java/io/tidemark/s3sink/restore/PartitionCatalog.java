/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.remote.RemoteStore;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which partitions of a topic the sink wrote: those with a manifest head
 * ({@code <prefix>_manifests/<topic>/<partition>.json}), found by listing the manifest prefix.
 */
public final class PartitionCatalog {

    private static final Pattern HEAD = Pattern.compile("(\\d+)\\.json");

    private PartitionCatalog() {}

    /** The partitions of {@code topic} that have a manifest, in partition order. */
    public static List<TopicPartitionId> partitions(RemoteStore remote, ObjectLayout layout, String topic) {
        String prefix = layout.manifestPrefix() + topic + "/";
        TreeSet<Integer> found = new TreeSet<>();
        remote.list(prefix, null, o -> {
            Matcher m = HEAD.matcher(o.key().substring(prefix.length()));
            if (m.matches()) {
                found.add(Integer.parseInt(m.group(1)));
            }
        });
        List<TopicPartitionId> out = new ArrayList<>(found.size());
        found.forEach(p -> out.add(new TopicPartitionId(topic, p)));
        return out;
    }

    /** Every topic with at least one manifest under the layout's prefix. */
    public static List<String> topics(RemoteStore remote, ObjectLayout layout) {
        String prefix = layout.manifestPrefix();
        TreeSet<String> found = new TreeSet<>();
        remote.list(prefix, null, o -> {
            String rest = o.key().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && HEAD.matcher(rest.substring(slash + 1)).matches()) {
                found.add(rest.substring(0, slash));
            }
        });
        return new ArrayList<>(found);
    }
}
