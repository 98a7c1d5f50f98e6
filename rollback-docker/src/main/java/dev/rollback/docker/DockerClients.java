package dev.rollback.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.time.Duration;

/**
 * Opens docker-java clients for the engine named by {@code DOCKER_HOST} (or the current docker context, or the
 * default unix socket), with TLS from {@code DOCKER_TLS_VERIFY}/{@code DOCKER_CERT_PATH} and the API version
 * negotiated, never pinned.
 *
 * <p>{@code try (DockerClient c = DockerClients.open(Duration.ofSeconds(2), Duration.ofMinutes(1))) { c.pingCmd().exec(); }}
 */
public final class DockerClients {
    private DockerClients() {}

    /**
     * The engine settings docker's own CLI would use: {@code DOCKER_HOST}, {@code DOCKER_CONTEXT},
     * {@code DOCKER_TLS_VERIFY}, {@code DOCKER_CERT_PATH}, {@code DOCKER_CONFIG} (environment or system properties).
     * No API version is set, so every request goes to the engine's own current version.
     *
     * <p>{@code DockerClients.defaultConfig().getDockerHost() // unix:///var/run/docker.sock}
     */
    public static DockerClientConfig defaultConfig() {
        return DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    }

    /**
     * The default settings, but talking to {@code dockerHost} ({@code tcp://host:2376}, {@code unix:///path}).
     *
     * <p>{@code DockerClients.configFor("tcp://10.0.0.5:2376")}
     */
    public static DockerClientConfig configFor(String dockerHost) {
        return DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build();
    }

    /**
     * A client whose connections open within {@code connectTimeout} and whose responses (or the gaps in a
     * streamed response) take at most {@code responseTimeout}.
     */
    public static DockerClient open(Duration connectTimeout, Duration responseTimeout) {
        return open(defaultConfig(), connectTimeout, responseTimeout);
    }

    /**
     * A client for {@code config}; {@code responseTimeout} null means none (for event streams and attached execs,
     * whose callers keep their own deadline and close the stream).
     */
    public static DockerClient open(DockerClientConfig config, Duration connectTimeout, Duration responseTimeout) {
        return DockerClientImpl.getInstance(config, http(config, connectTimeout, responseTimeout));
    }

    /**
     * The bare HTTP transport, for streams docker-java's command layer would pipe through a small buffer (archive
     * downloads and uploads: ~500-byte reads, 60 MB/s, where the engine gives 300+ MB/s).
     *
     * <p>{@code try (DockerHttpClient http = DockerClients.openHttp(config, timeout)) { http.execute(request); }}
     */
    public static DockerHttpClient openHttp(DockerClientConfig config, Duration connectTimeout) {
        return http(config, connectTimeout, null);
    }

    private static DockerHttpClient http(DockerClientConfig config, Duration connectTimeout, Duration responseTimeout) {
        ApacheDockerHttpClient.Builder http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(32)
                .connectionTimeout(connectTimeout);
        if (responseTimeout != null) {
            http.responseTimeout(responseTimeout);
        }
        return http.build();
    }
}
