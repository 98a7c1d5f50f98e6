package dev.rollback.service;

import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.plan.UndoRecipe;
import dev.rollback.spi.SecretStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sets non-secret switches in the environment's secret store ({@code tls_enabled=false} in Vault's
 * {@code secret/<service>}), keeping the other fields; the values it replaces are recorded as its undo (switches only:
 * a field that was absent stays set). Without a
 * store it changes nothing and its preflight warns that the switch was not changed. Only the field names of
 * {@code fields} are ever shown, with their new values: use it for switches, never for passwords.
 *
 * <p>{@code new SecretPatchStep(List.of("secret/mysql"), Map.of("tls_enabled", "false"))}
 */
public final class SecretPatchStep implements Step {
    private final List<String> paths;
    private final Map<String, String> fields;

    public SecretPatchStep(List<String> paths, Map<String, String> fields) {
        this.paths = List.copyOf(paths);
        this.fields = new LinkedHashMap<>(fields);
    }

    @Override
    public String name() {
        return "secret-patch";
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        fields.forEach((k, v) -> parts.add(k + "=" + v));
        return "set " + String.join(", ", parts) + " in " + String.join(", ", paths) + " (secret store; other "
                + "fields kept)";
    }

    @Override
    public List<String> touches() {
        return paths.stream()
                .map(p -> p + " (a new version; the old one stays in the store's history)")
                .toList();
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        Optional<SecretStore> store = ctx.service(SecretStore.class);
        if (store.isEmpty()) {
            return List.of(Problem.warning(
                    "secrets",
                    "no secret store (Vault) answered, so " + String.join(", ", fields.keySet()) + " in "
                            + String.join(", ", paths) + " will NOT be changed; the init scripts "
                            + "read it from there",
                    "start Vault (docker compose up -d vault) and set VAULT_ADDR/VAULT_TOKEN, "
                            + "or set it by hand afterwards"));
        }
        List<Problem> out = new ArrayList<>();
        for (String p : paths) {
            try {
                if (store.get().read(p).isEmpty()) {
                    out.add(Problem.warning(
                            "secrets",
                            "there is no secret at " + p + " in " + store.get().describe() + "; it will be skipped",
                            "check the service's secret path"));
                }
            } catch (RollbackException e) {
                out.add(Problem.blocking("secrets", e.getMessage(), "fix access to the secret store first"));
            }
        }
        return out;
    }

    @Override
    public void execute(StepContext ctx) {
        Optional<SecretStore> store = ctx.service(SecretStore.class);
        if (store.isEmpty()) {
            ctx.note("no secret store: " + String.join(", ", fields.keySet()) + " not changed in "
                    + String.join(", ", paths));
            return;
        }
        for (String p : paths) {
            Optional<Map<String, String>> current = store.get().read(p);
            if (current.isEmpty()) {
                ctx.note("no secret at " + p + "; skipped");
                continue;
            }
            Map<String, String> old = new LinkedHashMap<>();
            fields.keySet().forEach(k -> old.put(k, current.get().get(k)));
            if (fields.entrySet().stream().allMatch(e -> e.getValue().equals(old.get(e.getKey())))) {
                ctx.note(p + " already has " + fields);
                continue;
            }
            Map<String, String> back = new LinkedHashMap<>();
            old.forEach((k, v) -> {
                if (v != null) {
                    back.put(k, v);
                }
            });
            if (!back.isEmpty()) {
                ctx.undoWith(recipe(p, back));
            }
            store.get().patch(p, fields);
            ctx.note("set " + fields + " in " + p);
        }
    }

    @Override
    public boolean canUndo() {
        return true;
    }

    /** The {@code secret-patch} undo recipe: the switches' previous values at {@code path}. */
    private static UndoRecipe recipe(String path, Map<String, String> old) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("path", path);
        old.forEach((k, v) -> f.put("field." + k, v));
        return UndoRecipe.of("secret-patch", "switches of " + path + " back to " + old, f);
    }

    /** The step a {@code secret-patch} recipe names. */
    public static SecretPatchStep of(UndoRecipe recipe) {
        Map<String, String> old = new LinkedHashMap<>();
        recipe.fields().forEach((k, v) -> {
            if (k.startsWith("field.")) {
                old.put(k.substring("field.".length()), v);
            }
        });
        return new SecretPatchStep(List.of(recipe.field("path")), old);
    }
}
