package dev.rollback.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.rollback.errors.VerificationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and writes {@code manifest.json}, refusing malformed JSON and unknown format versions with the file named.
 *
 * <p>{@code BackupManifest m = ManifestJson.read(set.resolve("manifest.json"));}
 */
final class ManifestJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ManifestJson() {}

    static byte[] bytes(BackupManifest m) {
        try {
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the manifest", e);
        }
    }

    static BackupManifest read(Path file) {
        JsonNode tree;
        try {
            tree = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw fail(file, "there is no manifest.json: this is not a complete backup set");
        } catch (JsonProcessingException e) {
            throw fail(
                    file,
                    "is not valid JSON (" + e.getOriginalMessage() + " at line "
                            + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
        } catch (IOException e) {
            throw fail(file, "cannot be read: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw fail(file, "is not a JSON object");
        }
        JsonNode v = tree.get("formatVersion");
        if (v == null || !v.canConvertToInt()) {
            throw fail(file, "has no formatVersion; it was not written by this tool");
        }
        if (v.asInt() != BackupManifest.FORMAT_VERSION) {
            throw fail(
                    file,
                    "has format version " + v.asInt() + "; this tool reads version " + BackupManifest.FORMAT_VERSION
                            + " (use the tool version that wrote it)");
        }
        try {
            BackupManifest m = JSON.treeToValue(tree, BackupManifest.class);
            if (m.id() == null || m.artifacts() == null) {
                throw fail(file, "lacks its id or artifact list");
            }
            return m;
        } catch (JsonProcessingException e) {
            throw fail(file, "does not have the manifest's fields (" + e.getOriginalMessage() + ")");
        }
    }

    private static VerificationException fail(Path file, String what) {
        return new VerificationException("backup set " + file.getParent(), List.of(file.getFileName() + " " + what));
    }
}
