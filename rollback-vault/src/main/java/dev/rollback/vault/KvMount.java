package dev.rollback.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Raw KV v2 calls on one mount ({@code secret}), keeping the JSON types of values (a number stays a number): list
 * recursively through {@code <mount>/metadata}, read and write the latest version through {@code <mount>/data},
 * soft-delete the latest version. Paths are named as the {@link dev.rollback.spi.SecretStore} names them
 * ({@code secret/postgres}).
 */
final class KvMount {
    private final VaultClient client;
    private final String mount;

    KvMount(VaultClient client, String mount) {
        this.client = client;
        this.mount = mount.replaceAll("/+$", "");
    }

    String mount() {
        return mount;
    }

    /** Every secret path under the mount, sorted ({@code secret/app/db}, {@code secret/postgres}). */
    List<String> paths() {
        TreeSet<String> out = new TreeSet<>();
        List<String> pending = new ArrayList<>(List.of(""));
        while (!pending.isEmpty()) {
            String dir = pending.remove(0);
            String api = mount + "/metadata/" + dir;
            VaultCalls.Answer a = client.calls().get(encode(api) + "?list=true", client.token());
            if (a.status() == 404) {
                continue;
            }
            if (a.status() != 200) {
                throw client.calls().failure(api, a.status(), a.body(), "listing " + mount + "/" + dir);
            }
            a.body().path("data").path("keys").forEach(k -> {
                String name = k.asText();
                if (name.endsWith("/")) {
                    pending.add(dir + name);
                } else {
                    out.add(mount + "/" + dir + name);
                }
            });
        }
        return List.copyOf(out);
    }

    /** A secret's latest version: its data and number. */
    record Latest(ObjectNode data, long version) {}

    /** The latest version; empty when there is none or it is deleted. */
    Optional<Latest> read(String path) {
        String api = dataPath(path);
        VaultCalls.Answer a = client.calls().get(encode(api), client.token());
        if (a.status() == 404) {
            return Optional.empty();
        }
        if (a.status() != 200) {
            throw client.calls().failure(api, a.status(), a.body(), "reading " + path);
        }
        JsonNode data = a.body().path("data").path("data");
        return data.isObject()
                ? Optional.of(new Latest(
                        (ObjectNode) data,
                        a.body().path("data").path("metadata").path("version").asLong(0)))
                : Optional.empty();
    }

    /** Writes {@code data} as a new version (the whole data: fields not in it are not in the new version). */
    long write(String path, ObjectNode data) {
        String api = dataPath(path);
        ObjectNode body = VaultCalls.JSON.createObjectNode();
        body.set("data", data);
        VaultCalls.Answer a = client.calls().post(encode(api), body, client.token());
        if (a.status() != 200 && a.status() != 204) {
            throw client.calls().failure(api, a.status(), a.body(), "writing " + path);
        }
        return a.body().path("data").path("version").asLong(0);
    }

    /** Soft-deletes the latest version (Vault keeps it; {@code vault kv undelete} brings it back). */
    void deleteLatest(String path) {
        String api = dataPath(path);
        VaultCalls.Answer a = client.calls().delete(encode(api), client.token());
        if (a.status() != 204 && a.status() != 200 && a.status() != 404) {
            throw client.calls().failure(api, a.status(), a.body(), "deleting the latest version of " + path);
        }
    }

    /** {@code secret/postgres} to {@code secret/data/postgres}. */
    String dataPath(String path) {
        return mount + "/data/" + relative(path);
    }

    String relative(String path) {
        if (!path.startsWith(mount + "/")) {
            throw new IllegalArgumentException(path + " is not under " + mount + "/");
        }
        return path.substring(mount.length() + 1);
    }

    /** Percent-encodes what a URL path cannot hold as it is (a space, say); slashes stay. */
    static String encode(String path) {
        StringBuilder b = new StringBuilder();
        for (byte c : path.getBytes(StandardCharsets.UTF_8)) {
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return b.toString();
    }
}
