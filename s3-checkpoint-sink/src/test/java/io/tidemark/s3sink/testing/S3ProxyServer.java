package io.tidemark.s3sink.testing;

import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.RetryPolicy;
import io.tidemark.s3sink.remote.S3Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real s3proxy (filesystem backend, signature checks on) as its own process, for tests of the
 * domain classes. One per test JVM, started lazily, stopped at JVM exit.
 */
public final class S3ProxyServer {

    public static final String ACCESS_KEY = "tidemark-test";
    public static final String SECRET_KEY = "tidemark-test-secret";

    private static S3ProxyServer shared;

    private final Process process;
    private final URI endpoint;
    private final Path dir;

    private S3ProxyServer(Process process, URI endpoint, Path dir) {
        this.process = process;
        this.endpoint = endpoint;
        this.dir = dir;
    }

    public static synchronized S3ProxyServer shared() {
        if (shared == null) {
            shared = start();
            S3ProxyServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
        }
        return shared;
    }

    public static Path jar() {
        Path repo = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        Path jar = repo.resolve("org/gaul/s3proxy/4.1.0/s3proxy-4.1.0-jar-with-dependencies.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("s3proxy jar not found at " + jar);
        }
        return jar;
    }

    public static S3ProxyServer start() {
        try {
            Path dir = Files.createTempDirectory("s3proxy");
            Path data = Files.createDirectories(dir.resolve("data"));
            int port = freePort();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            Path props = dir.resolve("s3proxy.properties");
            Files.writeString(props, String.join("\n",
                    "s3proxy.endpoint=" + endpoint,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data,
                    ""));
            Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", jar().toString(), "--properties", props.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("s3proxy exited: " + Files.readString(dir.resolve("s3proxy.log")));
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new S3ProxyServer(p, endpoint, dir);
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("s3proxy did not open port " + port + " within 30 s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** CPU time the s3proxy process has used so far (for the throughput benchmark's accounting). */
    public Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    public Path directory() {
        return dir;
    }

    /** Settings for a bucket at this server (created if missing). */
    public S3Settings settings(String bucket, ChecksumAlgorithm checksum) {
        return settings(bucket, checksum, endpoint);
    }

    public S3Settings settings(String bucket, ChecksumAlgorithm checksum, URI via) {
        S3Settings s = new S3Settings(bucket, "us-east-1", via, true, ACCESS_KEY, SECRET_KEY,
                S3Settings.SseType.NONE, null, S3Settings.MIN_PART_SIZE, 8L * 1024 * 1024, checksum,
                new RetryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(500)), Duration.ofSeconds(30), 16);
        createBucket(bucket);
        return s;
    }

    public void createBucket(String bucket) {
        S3Settings s = new S3Settings(bucket, "us-east-1", endpoint, true, ACCESS_KEY, SECRET_KEY,
                S3Settings.SseType.NONE, null, S3Settings.MIN_PART_SIZE, S3Settings.MIN_PART_SIZE,
                ChecksumAlgorithm.CRC32C, new RetryPolicy(1, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(30), 2);
        try (RemoteStore r = new RemoteStore(s)) {
            try {
                r.client().createBucket(b -> b.bucket(bucket));
            } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException
                     | software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException e) {
                // fine
            }
        }
    }

    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
