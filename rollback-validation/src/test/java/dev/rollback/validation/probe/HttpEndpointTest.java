package dev.rollback.validation.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.UsageException;
import dev.rollback.fixtures.Services;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP endpoints a validation asks: rollback.yaml's, else DevStack Core's ports. */
class HttpEndpointTest {
    @Test
    void aConfiguredEntryIsServicePortAndPath() {
        assertThat(HttpEndpoint.parse("reference-api:8000/health/"))
                .isEqualTo(new HttpEndpoint("reference-api", 8000, "/health/"));
        assertThat(HttpEndpoint.parse("forgejo:3000")).isEqualTo(new HttpEndpoint("forgejo", 3000, "/"));
    }

    @Test
    void anotherFormIsAUsageErrorNamingTheEntry() {
        assertThatThrownBy(() -> HttpEndpoint.parse("http://localhost:8000/health"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'http://localhost:8000/health'")
                .hasMessageContaining("<service>:<port><path>");
        assertThatThrownBy(() -> HttpEndpoint.parse("api:70000/"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("between 1 and 65535");
    }

    @Test
    void withoutConfigurationDevStacksApiPortsAndForgejoAreAsked() {
        List<HttpEndpoint> e = HttpEndpoint.of(
                List.of(),
                List.of(
                        service("reference-api", "127.0.0.1:8000:8000"),
                        service("golang-api", "8002:8002/tcp"),
                        service("forgejo", ServiceKind.FORGEJO, "127.0.0.1::3000"),
                        service("postgres", "5432:5432"),
                        service("grafana", "3001:3000")));

        assertThat(e)
                .containsExactly(
                        new HttpEndpoint("reference-api", 8000, "/health"),
                        new HttpEndpoint("golang-api", 8002, "/health"),
                        new HttpEndpoint("forgejo", 3000, "/api/healthz"));
    }

    @Test
    void configuredEndpointsReplaceTheDefaults() {
        assertThat(HttpEndpoint.of(List.of("api:9000/status"), List.of(service("reference-api", "8000:8000"))))
                .containsExactly(new HttpEndpoint("api", 9000, "/status"));
    }

    private static ServiceDefinition service(String name, String port) {
        return Services.named(name).ports(port).build();
    }

    private static ServiceDefinition service(String name, ServiceKind kind, String port) {
        return Services.named(name).kind(kind).ports(port).build();
    }
}
