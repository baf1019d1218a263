package io.tidemark.stack;

import io.tidemark.stack.rest.ConnectRestClient;

import java.net.URI;

/**
 * What a connector integration test needs from a Connect cluster, whichever way it runs: worker JVMs against a
 * broker JVM ({@link io.tidemark.stack.connect.ProcessConnectCluster}) or everything in the test JVM
 * ({@link io.tidemark.stack.connect.InProcessConnectCluster}).
 */
public interface ConnectCluster extends AutoCloseable {

    /** Kafka bootstrap servers (127.0.0.1:port). */
    String bootstrapServers();

    /** REST URL of one worker, e.g. http://127.0.0.1:41234/ */
    URI restUrl();

    /** A REST client for {@link #restUrl()}; its await methods append worker diagnostics to failures. */
    ConnectRestClient rest();

    @Override
    void close();
}
