package dev.rollback.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollback.errors.RollbackException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The unseal keys and root token of a key directory's {@code keys.json} (the {@code sys/init} answer:
 * {@code unseal_keys_b64}, {@code unseal_keys_hex}, {@code root_token}). Holds secrets: nothing here prints,
 * logs or returns them except to the Vault client; {@link #toString()} shows counts only.
 *
 * <p>{@code KeyFile keys = KeyFile.load(env.vaultKeyDir()); client.unseal(keys);}
 */
public final class KeyFile {
    /** The file name inside the key directory. */
    public static final String NAME = "keys.json";
    /** DevStack Core initializes Vault with 5 shares and a threshold of 3. */
    public static final int DEFAULT_THRESHOLD = 3;

    private final Path file;
    private final List<String> keys;
    private final String rootToken;
    private final int threshold;

    private KeyFile(Path file, List<String> keys, String rootToken, int threshold) {
        this.file = file;
        this.keys = List.copyOf(keys);
        this.rootToken = rootToken;
        this.threshold = threshold;
    }

    /** Reads {@code keys.json} of a key directory; a {@link RollbackException} says what is wrong with it. */
    public static KeyFile load(Path keyDir) {
        Path file = keyDir.resolve(NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new RollbackException(file + " is missing: no unseal keys; restore the key directory from a backup "
                    + "(rollback vault keys restore <backup>)");
        } catch (IOException e) {
            throw new RollbackException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode json;
        try {
            json = VaultCalls.JSON.readTree(text);
        } catch (IOException e) {
            // the parser's message may quote the file's content: keep it out
            throw new RollbackException(file + " is not valid JSON (truncated or edited?); restore it from a backup");
        }
        if (json == null || !json.isObject()) {
            throw new RollbackException(file + " is not a JSON object; restore it from a backup");
        }
        List<String> keys = strings(json, "unseal_keys_b64");
        if (keys.isEmpty()) {
            keys = strings(json, "keys_base64");
        }
        if (keys.isEmpty()) {
            keys = strings(json, "unseal_keys_hex");
        }
        if (keys.isEmpty()) {
            keys = strings(json, "keys");
        }
        String root = json.path("root_token").asText("");
        int t = json.path("secret_threshold").asInt(DEFAULT_THRESHOLD);
        return new KeyFile(file, keys, root.isBlank() ? null : root, t);
    }

    private static List<String> strings(JsonNode json, String field) {
        List<String> out = new ArrayList<>();
        json.path(field).forEach(n -> {
            if (n.isTextual() && !n.asText().isBlank()) {
                out.add(n.asText());
            }
        });
        return out;
    }

    public Path file() {
        return file;
    }

    /** How many unseal keys the file holds. */
    public int keyCount() {
        return keys.size();
    }

    /** The threshold the file states ({@code secret_threshold}), else DevStack Core's 3. */
    public int threshold() {
        return threshold;
    }

    public boolean hasRootToken() {
        return rootToken != null;
    }

    /** Whether {@code token} equals the file's {@code root_token}, compared in constant time. */
    public boolean rootTokenMatches(String token) {
        if (rootToken == null || token == null) {
            return false;
        }
        return MessageDigest.isEqual(
                rootToken.getBytes(StandardCharsets.UTF_8), token.trim().getBytes(StandardCharsets.UTF_8));
    }

    /** The unseal keys, for the Vault client only. */
    List<String> keys() {
        return keys;
    }

    @Override
    public String toString() {
        return "KeyFile[" + file + ", " + keys.size() + " keys, threshold " + threshold + ", root token "
                + (rootToken != null ? "present" : "absent") + "]";
    }
}
