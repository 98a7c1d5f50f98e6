package dev.rollback.validation.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollback.io.HostPort;
import dev.rollback.validation.sandbox.HttpStandIn.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpStandInTest {
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private HttpStandIn server;

    @TempDir
    Path data;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void forgejoHealthPassesLikeForgejosOwn() throws Exception {
        server = HttpStandIn.start(Kind.FORGEJO, ANY_PORT, data);

        HttpResponse<String> r = send("GET", "/api/healthz", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode health = json.readTree(r.body());
        assertThat(health.path("status").asText()).isEqualTo("pass");
        assertThat(health.path("checks")
                        .path("database:ping")
                        .get(0)
                        .path("status")
                        .asText())
                .isEqualTo("pass");
    }

    @Test
    void forgejoHomePageNamesForgejoAndAnswersHeadWithoutBody() throws Exception {
        server = HttpStandIn.start(Kind.FORGEJO, ANY_PORT, data);

        assertThat(send("GET", "/", null).body()).contains("Forgejo");
        HttpResponse<String> head = send("HEAD", "/api/healthz", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void forgejoRepositoriesAreCreatedListedAndKeptAcrossARestart() throws Exception {
        server = HttpStandIn.start(Kind.FORGEJO, ANY_PORT, data);

        HttpResponse<String> created = send("POST", "/api/v1/repos/devstack-core", null);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json.readTree(created.body()).path("full_name").asText()).isEqualTo("sandbox/devstack-core");
        assertThat(send("POST", "/api/v1/repos/devstack-core", null).statusCode())
                .isEqualTo(409);
        send("POST", "/api/v1/repos/app", null);
        server.close();

        server = HttpStandIn.start(Kind.FORGEJO, ANY_PORT, data);
        assertThat(names(send("GET", "/api/v1/repos", null))).containsExactly("app", "devstack-core");
        assertThat(data.resolve("repositories/app.git/repo.json")).isRegularFile();
        assertThat(send("DELETE", "/api/v1/repos/app", null).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/v1/repos/app", null).statusCode()).isEqualTo(404);
        assertThat(names(send("GET", "/api/v1/repos", null))).containsExactly("devstack-core");
    }

    @Test
    void forgejoRefusesRepositoryNamesThatLeaveItsFolder() throws Exception {
        server = HttpStandIn.start(Kind.FORGEJO, ANY_PORT, data);

        assertThat(send("POST", "/api/v1/repos/..", null).statusCode()).isEqualTo(422);
        assertThat(send("POST", "/api/v1/repos/a%2F..%2F..%2Fx", null).statusCode())
                .isEqualTo(422);
        assertThat(send("POST", "/api/v1/repos/.hidden", null).statusCode()).isEqualTo(422);
    }

    @Test
    void aCorruptStateFileMakesForgejoUnhealthyWithTheReason() throws Exception {
        server = HttpStandIn.start(Kind.FORGEJO, ANY_PORT, data);
        Files.writeString(data.resolve("state.json"), "{\"kind\": \"forg");

        HttpResponse<String> r = send("GET", "/api/healthz", null);

        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode health = json.readTree(r.body());
        assertThat(health.path("status").asText()).isEqualTo("fail");
        assertThat(health.path("checks")
                        .path("database:ping")
                        .get(0)
                        .path("output")
                        .asText())
                .isEqualTo("state file " + data.resolve("state.json") + " is corrupt: not JSON");
        assertThat(send("GET", "/api/v1/repos", null).statusCode()).isEqualTo(503);
    }

    @Test
    void apiHealthRedirectsToTheSlashedPathThatAnswersOk() throws Exception {
        server = HttpStandIn.start(Kind.API, ANY_PORT, data);

        HttpResponse<String> redirect = send("GET", "/health", null);
        assertThat(redirect.statusCode()).isEqualTo(307);
        assertThat(redirect.headers().firstValue("Location")).hasValue("/health/");

        HttpResponse<String> ok = send("GET", "/health/", null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json.readTree(ok.body())).isEqualTo(json.readTree("{\"status\":\"ok\"}"));
        JsonNode all = json.readTree(send("GET", "/health/all", null).body());
        assertThat(all.path("status").asText()).isEqualTo("healthy");
        assertThat(all.path("services").path("data").path("status").asText()).isEqualTo("healthy");
    }

    @Test
    void apiItemsAreStoredAsJsonAndKeptAcrossARestart() throws Exception {
        server = HttpStandIn.start(Kind.API, ANY_PORT, data);

        assertThat(send("PUT", "/api/items/a", "{\"n\": 1, \"s\": \"Grüße\"}").statusCode())
                .isEqualTo(201);
        assertThat(send("PUT", "/api/items/a", "{\"n\": 2}").statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/api/items/b", "[1, 2]").statusCode()).isEqualTo(201);
        server.close();

        server = HttpStandIn.start(Kind.API, ANY_PORT, data);
        assertThat(json.readTree(send("GET", "/api/items/a", null).body())).isEqualTo(json.readTree("{\"n\":2}"));
        assertThat(json.readTree(send("GET", "/api/items", null).body()).path("items"))
                .extracting(JsonNode::asText)
                .containsExactly("a", "b");
        assertThat(send("DELETE", "/api/items/b", null).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/items/b", null).statusCode()).isEqualTo(404);
    }

    @Test
    void apiRefusesABodyThatIsNotJsonAndKeepsTheOldValue() throws Exception {
        server = HttpStandIn.start(Kind.API, ANY_PORT, data);
        send("PUT", "/api/items/a", "{\"n\": 1}");

        HttpResponse<String> r = send("PUT", "/api/items/a", "{\"n\": ");

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json.readTree(r.body()).path("detail").asText()).isEqualTo("the body is not JSON");
        assertThat(json.readTree(send("GET", "/api/items/a", null).body())).isEqualTo(json.readTree("{\"n\":1}"));
    }

    @Test
    void aMissingStateFileMakesTheApiUnhealthy() throws Exception {
        server = HttpStandIn.start(Kind.API, ANY_PORT, data);
        Files.delete(data.resolve("state.json"));

        HttpResponse<String> r = send("GET", "/health/", null);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json.readTree(r.body()).path("detail").asText())
                .isEqualTo("state file " + data.resolve("state.json") + " is missing");
        JsonNode all = json.readTree(send("GET", "/health/all", null).body());
        assertThat(all.path("status").asText()).isEqualTo("unhealthy");
        assertThat(send("GET", "/api/items", null).statusCode()).isEqualTo(503);
    }

    @Test
    void aDataDirectoryWithContentButNoStateFileStartsUnhealthy() throws Exception {
        Files.createDirectories(data.resolve("items"));

        server = HttpStandIn.start(Kind.API, ANY_PORT, data);

        assertThat(send("GET", "/health/", null).statusCode()).isEqualTo(503);
        assertThat(data.resolve("state.json")).doesNotExist();
    }

    @Test
    void aDataDirectoryOfTheOtherKindIsUnhealthy() throws Exception {
        HttpStandIn.start(Kind.FORGEJO, ANY_PORT, data).close();

        server = HttpStandIn.start(Kind.API, ANY_PORT, data);

        assertThat(json.readTree(send("GET", "/health/", null).body())
                        .path("detail")
                        .asText())
                .isEqualTo("state file " + data.resolve("state.json") + " belongs to kind 'forgejo', not 'api'");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        server = HttpStandIn.start(Kind.API, ANY_PORT, data);

        assertThat(send("GET", "/nope", null).statusCode()).isEqualTo(404);
        HttpResponse<String> r = send("POST", "/health/", "{}");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void aTakenPortFailsTheStartNamingTheAddress() {
        server = HttpStandIn.start(Kind.API, ANY_PORT, data);
        InetSocketAddress taken =
                new InetSocketAddress("127.0.0.1", server.address().getPort());

        assertThatThrownBy(() -> HttpStandIn.start(Kind.API, taken, data.resolve("other")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getPort());
    }

    @Test
    void argumentsNeedAKindAndDefaultItsPortAndData() {
        HttpStandIn.Arguments forgejo = HttpStandIn.Arguments.parse(List.of("--kind", "forgejo"));
        HttpStandIn.Arguments api = HttpStandIn.Arguments.parse(
                List.of("--kind", "api", "--listen", "127.0.0.1:8001", "--data", "/srv/api"));

        assertThat(HostPort.format(forgejo.listen())).isEqualTo("0.0.0.0:3000");
        assertThat(forgejo.data()).isEqualTo(Path.of("/data"));
        assertThat(HostPort.format(api.listen())).isEqualTo("127.0.0.1:8001");
        assertThat(api.data()).isEqualTo(Path.of("/srv/api"));
        assertThatThrownBy(() -> HttpStandIn.Arguments.parse(List.of())).hasMessage("--kind is required");
        assertThatThrownBy(() -> HttpStandIn.Arguments.parse(List.of("--kind", "vault")))
                .hasMessage("--kind must be forgejo or api, got 'vault'");
    }

    private List<String> names(HttpResponse<String> r) throws IOException {
        return json.readTree(r.body()).findValuesAsText("name");
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher =
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
        HttpRequest request =
                HttpRequest.newBuilder(uri).method(method, publisher).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
