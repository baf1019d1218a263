/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink;

import java.util.Objects;

/** A Kafka topic partition, without depending on Kafka's classes. */
public record TopicPartitionId(String topic, int partition) implements Comparable<TopicPartitionId> {

    public TopicPartitionId {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0");
        }
    }

    @Override
    public int compareTo(TopicPartitionId o) {
        int c = topic.compareTo(o.topic);
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
