package dev.rollback.vault;

import dev.rollback.spi.SecretStore;
import io.github.jopenlibs.vault.api.WriteOptions;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.LogicalResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@link SecretStore} on Vault's KV v2 ({@code secret/postgres} is read at {@code secret/data/postgres}):
 * read, patch (a check-and-set write of the current version with the given fields changed, so concurrent writers
 * are detected and the other fields keep their values and JSON types), list, and export of a whole mount.
 *
 * <p>{@code try (SecretStore s = VaultClient.connect(settings).secrets()) { s.patch("secret/mysql", Map.of("tls_enabled", "false")); }}
 */
public final class VaultSecretStore implements SecretStore {
    private static final int CAS_ATTEMPTS = 3;
    private final VaultClient client;
    private final boolean ownsClient;

    VaultSecretStore(VaultClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
    }

    @Override
    public String describe() {
        return "vault at " + client.settings().address() + ", KV v2";
    }

    @Override
    public Optional<Map<String, String>> read(String path) {
        return readRaw(path).map(r -> {
            Map<String, String> out = new TreeMap<>();
            JsonObject data = r.getDataObject();
            if (data != null) {
                data.forEach(m -> out.put(
                        m.getName(),
                        m.getValue().isString()
                                ? m.getValue().asString()
                                : m.getValue().toString()));
            }
            return out;
        });
    }

    @Override
    public void patch(String path, Map<String, String> fields) {
        for (int attempt = 1; ; attempt++) {
            LogicalResponse current = readRaw(path)
                    .orElseThrow(() -> new VaultException(
                            path,
                            404,
                            "there is no " + "secret at " + path + " in Vault at "
                                    + client.settings().address() + "; nothing to patch"));
            Long version = current.getDataMetadata().getVersion();
            Map<String, Object> merged = new LinkedHashMap<>();
            JsonObject data = current.getDataObject();
            if (data != null) {
                for (JsonObject.Member m : data) {
                    merged.put(m.getName(), (JsonValue) m.getValue());
                }
            }
            merged.putAll(fields);
            LogicalResponse w;
            try {
                w = client.authenticated()
                        .logical()
                        .write(
                                path,
                                merged,
                                null,
                                new WriteOptions()
                                        .checkAndSet(version == null ? 0L : version)
                                        .build());
            } catch (io.github.jopenlibs.vault.VaultException e) {
                throw client.calls().translate(path, e, "patching " + path);
            }
            int status = w.getRestResponse().getStatus();
            if (status == 200 || status == 204) {
                return;
            }
            String said = VaultCalls.errors(VaultCalls.parse(w.getRestResponse().getBody()));
            if (status == 400 && said.contains("check-and-set") && attempt < CAS_ATTEMPTS) {
                continue; // someone wrote in between: read again and re-apply
            }
            throw client.calls()
                    .failure(path, status, VaultCalls.parse(w.getRestResponse().getBody()), "patching " + path);
        }
    }

    @Override
    public List<String> list(String path) {
        String p = path.endsWith("/") ? path : path + "/";
        LogicalResponse r;
        try {
            r = client.authenticated().logical().list(p);
        } catch (io.github.jopenlibs.vault.VaultException e) {
            throw client.calls().translate(p, e, "listing " + p);
        }
        if (r == null || r.getRestResponse().getStatus() == 404) {
            return List.of();
        }
        check(p, r, "listing " + p);
        return r.getListData().stream().sorted().toList();
    }

    /** Every secret under {@code mount} ({@code secret}), by path, recursively; for backup sets (encrypt them). */
    public Map<String, Map<String, String>> export(String mount) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        List<String> pending = new ArrayList<>(List.of(mount.endsWith("/") ? mount : mount + "/"));
        while (!pending.isEmpty()) {
            String dir = pending.remove(0);
            for (String name : list(dir)) {
                if (name.endsWith("/")) {
                    pending.add(dir + name);
                } else {
                    read(dir + name).ifPresent(v -> out.put(dir + name, v));
                }
            }
        }
        return out;
    }

    private Optional<LogicalResponse> readRaw(String path) {
        LogicalResponse r;
        try {
            r = client.authenticated().logical().read(path);
        } catch (io.github.jopenlibs.vault.VaultException e) {
            throw client.calls().translate(path, e, "reading " + path);
        }
        if (r.getRestResponse().getStatus() == 404) {
            return Optional.empty();
        }
        check(path, r, "reading " + path);
        return Optional.of(r);
    }

    private void check(String path, LogicalResponse r, String doing) {
        int status = r.getRestResponse().getStatus();
        if (status != 200) {
            throw client.calls()
                    .failure(path, status, VaultCalls.parse(r.getRestResponse().getBody()), doing);
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
