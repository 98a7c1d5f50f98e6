package dev.rollback.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;

/**
 * Opens docker-java clients for the engine named by {@code DOCKER_HOST} (or the default unix socket), with the
 * API version negotiated, never pinned.
 *
 * <p>{@code try (DockerClient c = DockerClients.open(Duration.ofSeconds(2), Duration.ofMinutes(1))) { c.pingCmd().exec(); }}
 */
public final class DockerClients {
    private DockerClients() {
    }

    /**
     * A client whose connections open within {@code connectTimeout} and whose responses (or the gaps in a
     * streamed response) take at most {@code responseTimeout}.
     */
    public static DockerClient open(Duration connectTimeout, Duration responseTimeout) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .maxConnections(32)
            .connectionTimeout(connectTimeout)
            .responseTimeout(responseTimeout)
            .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
