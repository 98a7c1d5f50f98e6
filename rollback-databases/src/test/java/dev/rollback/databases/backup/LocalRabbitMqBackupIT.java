package dev.rollback.databases.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseAdapters;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceKind;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerRuntimes;
import dev.rollback.spi.DrillOutcome;
import dev.rollback.testing.Component;
import dev.rollback.testing.HostServices;
import dev.rollback.testing.RequiresDocker;
import dev.rollback.testing.RequiresRabbitmq;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local target against the host's RabbitMQ, scoped to this test's own vhost. This host has no way to run a
 * second broker of its own, so the drill falls back to a scratch container of the compose file's image; the
 * restore step puts deleted definitions back into the host broker.
 */
@RequiresRabbitmq
@RequiresDocker
class LocalRabbitMqBackupIT {
    private static final DatabaseAdapter RABBIT = DatabaseAdapters.require(ServiceKind.RABBITMQ);
    private static final String ALL = "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}";
    private final String vhost = "rb-bk-" + UUID.randomUUID().toString().substring(0, 8);
    private final String user = vhost + "-app";
    private final DatabaseBackupContributor contributor = new DatabaseBackupContributor()
        .withScopes(Map.of("rabbitmq", List.of(vhost)));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Environment env;
    private ContainerRuntime rt;
    private BackupContext ctx;
    private DatabaseTarget live;

    @TempDir
    Path tmp;

    @BeforeEach
    void seed() {
        InetSocketAddress a = HostServices.address(Component.RABBITMQ);
        String[] login = URI.create(HostServices.rabbitmqUrl()).getUserInfo().split(":", 2);
        env = LocalProject.create(tmp.resolve("project"), """
              rabbitmq:
                image: local/rabbitmq:3.10-management
                environment:
                  RABBITMQ_DEFAULT_USER: %s
                  RABBITMQ_DEFAULT_PASS: %s
            """.formatted(login[0], login[1]), Map.of("rabbitmq", a.getHostString() + ":" + a.getPort()));
        rt = ContainerRuntimes.connect(env, Duration.ofSeconds(5)).orElseThrow();
        ctx = new BackupContext(env, Optional.of(rt), Optional.empty(), Optional.empty(), List.of("rabbitmq"));
        live = LocalProject.liveTarget(ctx, "rabbitmq", List.of(vhost));
        put("/api/vhosts/" + seg(vhost), "{}");
        put("/api/users/" + seg(user), "{\"password\":\"s3cret-app-pw\",\"tags\":\"\"}");
        put("/api/permissions/" + seg(vhost) + "/" + seg(user), ALL);
        put("/api/permissions/" + seg(vhost) + "/" + seg(login[0]), ALL);
        put("/api/exchanges/" + seg(vhost) + "/orders", "{\"type\":\"topic\",\"durable\":true}");
        put("/api/queues/" + seg(vhost) + "/orders.created", "{\"durable\":true,\"arguments\":{\"x-max-length\":1000}}");
        put("/api/queues/" + seg(vhost) + "/orders.audit", "{\"durable\":true}");
        post("/api/bindings/" + seg(vhost) + "/e/orders/q/orders.created", "{\"routing_key\":\"order.*\"}");
        put("/api/policies/" + seg(vhost) + "/ttl", "{\"pattern\":\"^orders\\\\.\",\"definition\":{\"message-ttl\":"
            + "60000},\"apply-to\":\"queues\"}");
    }

    @AfterEach
    void deleteOwnObjects() {
        send(HttpRequest.newBuilder(uri("/api/vhosts/" + seg(vhost))).DELETE());
        send(HttpRequest.newBuilder(uri("/api/users/" + seg(user))).DELETE());
        rt.close();
    }

    @Test
    void drillRunsInAScratchContainerOfTheComposeImageAndTheRestoreStepPutsDefinitionsBack() {
        Fingerprint before = RABBIT.fingerprint(live);
        BackupSet set = DumpSets.write(tmp.resolve("backups"), "s1", contributor.sources(ctx));
        BackupManifest.Artifact a = DumpSets.artifact(set, "rabbitmq");
        assertThat(a.fingerprint()).containsEntry("format", "rollback-rabbitmq-v1")
            .containsEntry("fingerprint." + vhost + "/queues", before.parts().get(vhost + "/queues").toString());

        long start = System.nanoTime();
        DrillOutcome o = contributor.drill(ctx, DumpSets.info(a), DumpSets.content(set, a));
        System.out.printf("[figure] local-target rabbitmq drill (docker scratch): %.2f s (%s)%n",
            (System.nanoTime() - start) / 1e9, o.detail());

        assertThat(o.passed()).as(o.detail()).isTrue();
        assertThat(o.detail()).contains("scratch container rollback-scratch-").contains("local/rabbitmq");
        assertThat(RABBIT.fingerprint(live)).isEqualTo(before);

        send(HttpRequest.newBuilder(uri("/api/queues/" + seg(vhost) + "/orders.audit")).DELETE());
        send(HttpRequest.newBuilder(uri("/api/policies/" + seg(vhost) + "/ttl")).DELETE());
        put("/api/queues/" + seg(vhost) + "/since.backup", "{\"durable\":true}");
        Step step = contributor.restoreStep(ctx, DumpSets.info(a), DumpSets.content(set, a)).orElseThrow();
        StepContext sc = DumpSets.stepContext(env, tmp.resolve("run"), Map.of());
        assertThat(step.preflight(sc)).isEmpty();
        step.execute(sc);

        assertThat(RABBIT.fingerprint(live)).isEqualTo(before);
    }

    private void put(String path, String json) {
        expect2xx(send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json))), "PUT " + path);
    }

    private void post(String path, String json) {
        expect2xx(send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))), "POST " + path);
    }

    private static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static URI uri(String path) {
        return URI.create(HostServices.rabbitmqManagementUrl() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        String auth = "Basic " + Base64.getEncoder().encodeToString(URI.create(HostServices.rabbitmqUrl())
            .getUserInfo().getBytes(StandardCharsets.UTF_8));
        try {
            return http.send(b.header("Authorization", auth).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("management API call failed: " + e, e);
        }
    }

    private static void expect2xx(HttpResponse<String> r, String what) {
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(what + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
