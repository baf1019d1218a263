/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.verify;

import io.tidemark.stack.StackException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/** Topic administration for tests: create, delete, list, count records (sum of end - start offsets). */
public final class Topics implements AutoCloseable {
    private final Admin admin;

    public Topics(String bootstrapServers) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        this.admin = Admin.create(p);
    }

    public Admin admin() {
        return admin;
    }

    /** Creates the topic (replication factor 1) unless it exists. */
    public Topics create(String topic, int partitions) {
        return create(topic, partitions, Map.of());
    }

    public Topics create(String topic, int partitions, Map<String, String> configs) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new StackException("create topic " + topic, e.getCause());
            }
        } catch (Exception e) {
            throw new StackException("create topic " + topic, e);
        }
        return this;
    }

    public void delete(String... topics) {
        get(admin.deleteTopics(List.of(topics)).all(), "delete topics");
    }

    /** Topic names, internal ones (starting with "__") left out. */
    public Set<String> list() {
        return get(admin.listTopics().names(), "list topics").stream()
                .filter(t -> !t.startsWith("__"))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    public boolean exists(String topic) {
        return list().contains(topic);
    }

    /** Number of records (end offset - start offset, summed over partitions; transaction markers count too). */
    public long count(String topic) {
        return counts(List.of(topic)).getOrDefault(topic, 0L);
    }

    /** Record counts per topic (end - start offset); topics that do not exist are left out. */
    public Map<String, Long> counts(Collection<String> topics) {
        Map<String, TopicDescription> desc = new HashMap<>();
        admin.describeTopics(topics).topicNameValues().forEach((t, f) -> {
            try {
                desc.put(t, f.get(30, TimeUnit.SECONDS));
            } catch (Exception missing) {
                // topic does not exist (yet): left out
            }
        });
        if (desc.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        desc.forEach((t, d) -> d.partitions().forEach(p -> {
            earliest.put(new TopicPartition(t, p.partition()), OffsetSpec.earliest());
            latest.put(new TopicPartition(t, p.partition()), OffsetSpec.latest());
        }));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start =
                get(admin.listOffsets(earliest).all(), "offsets");
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
                get(admin.listOffsets(latest).all(), "offsets");
        Map<String, Long> out = new TreeMap<>();
        end.forEach((tp, info) ->
                out.merge(tp.topic(), info.offset() - start.get(tp).offset(), Long::sum));
        return out;
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> f, String what) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new StackException(what + " failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new StackException(what + " failed: " + e, e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
