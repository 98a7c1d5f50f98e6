package dev.rollback.vault.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP calls to a {@link VaultApiServer} in tests, no driver: {@code call("PUT", "sys/init", null, body)}.
 *
 * <p>{@code VaultHttp.Got g = new VaultHttp(vault.address()).call("GET", "sys/health", null, null);}
 */
final class VaultHttp {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String address;

    VaultHttp(String address) {
        this.address = address;
    }

    record Got(int status, JsonNode body) {
        String error() {
            return body.get("errors").get(0).asText();
        }
    }

    Got call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(address + "/v1/" + path))
                .timeout(Duration.ofSeconds(5))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Got(r.statusCode(), r.body().isEmpty() ? null : VaultApiServer.JSON.readTree(r.body()));
    }

    Got unseal(String key) throws Exception {
        return call("PUT", "sys/unseal", null, "{\"key\":\"" + key + "\"}");
    }
}
