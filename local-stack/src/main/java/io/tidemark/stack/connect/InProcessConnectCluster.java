package io.tidemark.stack.connect;

import io.tidemark.stack.ConnectCluster;
import io.tidemark.stack.rest.ConnectRestClient;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Fast mode: Kafka's {@link EmbeddedConnectCluster} (connect-runtime test jar) with brokers and workers inside the
 * test JVM (~3-4 s to start). Connector classes on the test classpath are visible to it directly; plugin.path
 * still works. It cannot be SIGKILLed: crash tests need {@link ProcessConnectCluster}.
 *
 * <p>Talk to it with {@link #rest()} (java.net.http), not with the embedded cluster's JAX-RS helpers
 * ({@code requestGet(..).readEntity()} throws on this version; {@code getEntity()} works).
 */
public final class InProcessConnectCluster implements ConnectCluster {
    private final EmbeddedConnectCluster cluster;

    private InProcessConnectCluster(EmbeddedConnectCluster cluster) {
        this.cluster = cluster;
    }

    /** One broker, {@code workers} workers, plugin.discovery service_load, the given extra worker properties. */
    public static InProcessConnectCluster start(String name, int workers, List<Path> pluginPath, Map<String, String> workerProps) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("plugin.discovery", "service_load");
        props.put("offset.flush.interval.ms", "1000");
        props.put("scheduled.rebalance.max.delay.ms", "0");
        if (!pluginPath.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (Path p : pluginPath) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(p.toAbsolutePath());
            }
            props.put("plugin.path", sb.toString());
        }
        props.putAll(workerProps);
        Properties brokerProps = new Properties();
        brokerProps.put("auto.create.topics.enable", "true");
        EmbeddedConnectCluster c = new EmbeddedConnectCluster.Builder()
                .name(name)
                .numWorkers(workers)
                .numBrokers(1)
                .workerProps(props)
                .brokerProps(brokerProps)
                .maskExitProcedures(true)
                .build();
        c.start();
        InProcessConnectCluster cluster = new InProcessConnectCluster(c);
        cluster.rest().awaitReady(Duration.ofSeconds(60));
        return cluster;
    }

    public static InProcessConnectCluster start() {
        return start("tidemark-embedded", 1, List.of(), Map.of());
    }

    /** The wrapped cluster, for what this wrapper does not offer (e.g. kafka().createTopic). */
    public EmbeddedConnectCluster embedded() {
        return cluster;
    }

    @Override
    public String bootstrapServers() {
        return cluster.kafka().bootstrapServers();
    }

    @Override
    public URI restUrl() {
        WorkerHandle w = cluster.workers().iterator().next();
        return w.url();
    }

    @Override
    public ConnectRestClient rest() {
        return new ConnectRestClient(restUrl(), () -> "(in-process cluster: see the test output for worker logs)",
                Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        cluster.stop();
    }
}
