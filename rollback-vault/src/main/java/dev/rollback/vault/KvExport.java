package dev.rollback.vault;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A whole KV v2 mount as one deterministic JSON document, the content of a {@code vault-kv} backup artifact:
 * {@code {"format":"rollback-vault-kv/1","mount":"secret","secrets":[{"path":"secret/mysql","data":{...}},...]}},
 * paths sorted, fields (and the keys of object values) sorted, values with their JSON types, no timestamps: the same
 * secrets always give the same bytes. It holds secret values: it goes into backup sets encrypted, and nothing here
 * prints it.
 *
 * <p>The fingerprint recorded in the manifest never holds a value: {@code <count>:<sha256>} over each path and, per
 * field, the field name and the sha256 of its value's canonical JSON ({@link #fingerprint()}).
 *
 * <p>{@code String fp = KvExport.stream(client, "secret", out); // "12:9f2c..."}
 */
public final class KvExport {
    /** The document's format name and version. */
    public static final String FORMAT = "rollback-vault-kv/1";

    private final String mount;
    private final SortedMap<String, ObjectNode> secrets;

    private KvExport(String mount, SortedMap<String, ObjectNode> secrets) {
        this.mount = mount;
        this.secrets = Collections.unmodifiableSortedMap(secrets);
    }

    /** Every secret of {@code mount} in the Vault of {@code client}, latest versions, read into memory. */
    public static KvExport read(VaultClient client, String mount) {
        KvMount kv = new KvMount(client, mount);
        SortedMap<String, ObjectNode> out = new TreeMap<>();
        for (String p : kv.paths()) {
            kv.read(p).ifPresent(l -> out.put(p, canonical(l.data())));
        }
        return new KvExport(kv.mount(), out);
    }

    /**
     * Streams every secret of {@code mount} into {@code out} (not closed), one secret read at a time, and returns
     * the fingerprint ({@code count:hash}).
     */
    public static String stream(VaultClient client, String mount, OutputStream out) throws IOException {
        KvMount kv = new KvMount(client, mount);
        Fingerprinter fp = new Fingerprinter();
        JsonGenerator g = VaultCalls.JSON.getFactory().createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.writeStartObject();
        g.writeStringField("format", FORMAT);
        g.writeStringField("mount", kv.mount());
        g.writeArrayFieldStart("secrets");
        for (String p : kv.paths()) {
            var latest = kv.read(p);
            if (latest.isEmpty()) {
                continue; // deleted between the list and the read, or its latest version is deleted
            }
            ObjectNode data = canonical(latest.get().data());
            g.writeRaw('\n');
            g.writeStartObject();
            g.writeStringField("path", p);
            g.writeFieldName("data");
            g.writeTree(data);
            g.writeEndObject();
            fp.add(p, data);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
        g.flush();
        return fp.result();
    }

    /** A document made from {@code secrets} (path to fields), for tests and imports from elsewhere. */
    public static KvExport of(String mount, Map<String, ? extends Map<String, ?>> secrets) {
        SortedMap<String, ObjectNode> out = new TreeMap<>();
        secrets.forEach((p, fields) -> out.put(p, canonical(VaultCalls.JSON.valueToTree(fields))));
        return new KvExport(mount, out);
    }

    /**
     * Reads a document written by {@link #stream}; a {@link RollbackException} says what is wrong with it, never
     * quoting its content.
     */
    public static KvExport parse(InputStream in) {
        JsonNode doc;
        try {
            doc = VaultCalls.JSON.readTree(in);
        } catch (IOException e) {
            // the parser's message may quote a value: keep it out
            throw new RollbackException("the Vault KV export is not valid JSON (truncated or altered?)");
        }
        if (doc == null || !FORMAT.equals(doc.path("format").asText())) {
            throw new RollbackException("the Vault KV export is not in format " + FORMAT + " (format: "
                    + (doc == null ? "none" : doc.path("format").asText("none")) + ")");
        }
        String mount = doc.path("mount").asText("");
        if (mount.isEmpty() || !doc.path("secrets").isArray()) {
            throw new RollbackException("the Vault KV export lacks its mount or its secrets list");
        }
        SortedMap<String, ObjectNode> out = new TreeMap<>();
        int i = 0;
        for (JsonNode s : doc.path("secrets")) {
            String p = s.path("path").asText("");
            if (!p.startsWith(mount + "/") || !s.path("data").isObject()) {
                throw new RollbackException("the Vault KV export's secret #" + (i + 1) + " has no path under " + mount
                        + "/ or no data object");
            }
            if (out.put(p, canonical(s.path("data"))) != null) {
                throw new RollbackException("the Vault KV export holds " + p + " twice");
            }
            i++;
        }
        return new KvExport(mount, out);
    }

    /** Writes the document (the same bytes {@link #stream} writes for the same secrets). */
    public void writeTo(OutputStream out) throws IOException {
        JsonGenerator g = VaultCalls.JSON.getFactory().createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.writeStartObject();
        g.writeStringField("format", FORMAT);
        g.writeStringField("mount", mount);
        g.writeArrayFieldStart("secrets");
        for (Map.Entry<String, ObjectNode> e : secrets.entrySet()) {
            g.writeRaw('\n');
            g.writeStartObject();
            g.writeStringField("path", e.getKey());
            g.writeFieldName("data");
            g.writeTree(e.getValue());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
        g.flush();
    }

    public String mount() {
        return mount;
    }

    /** How many secrets it holds. */
    public int count() {
        return secrets.size();
    }

    /** The secret paths, sorted. */
    public List<String> paths() {
        return List.copyOf(secrets.keySet());
    }

    /** One secret's fields (secret values: for the Vault client only). */
    ObjectNode data(String path) {
        return secrets.get(path);
    }

    /** {@code <count>:<sha256>} over the paths and their fields' value hashes; holds no value. */
    public String fingerprint() {
        Fingerprinter fp = new Fingerprinter();
        secrets.forEach(fp::add);
        return fp.result();
    }

    /** Per path, the sha256 over its field names and value hashes. */
    public SortedMap<String, String> pathHashes() {
        SortedMap<String, String> out = new TreeMap<>();
        secrets.forEach((p, d) -> out.put(p, pathHash(d)));
        return out;
    }

    /**
     * What differs from {@code other} by path ({@code secret/mysql: changed}, {@code secret/x: only in <this>}),
     * compared by hashes; no value is shown.
     */
    public List<String> differences(KvExport other, String thisName, String otherName) {
        SortedMap<String, String> a = pathHashes();
        SortedMap<String, String> b = other.pathHashes();
        TreeMap<String, String> all = new TreeMap<>(a);
        b.forEach(all::putIfAbsent);
        List<String> out = new ArrayList<>();
        for (String p : all.keySet()) {
            if (!b.containsKey(p)) {
                out.add(p + ": only in " + thisName);
            } else if (!a.containsKey(p)) {
                out.add(p + ": only in " + otherName);
            } else if (!a.get(p).equals(b.get(p))) {
                out.add(p + ": changed");
            }
        }
        return out;
    }

    /** A copy of {@code node} with every object's fields sorted by name, recursively. */
    static ObjectNode canonical(JsonNode node) {
        return (ObjectNode) sorted(node);
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                fields.put(f.getKey(), sorted(f.getValue()));
            }
            ObjectNode o = VaultCalls.JSON.createObjectNode();
            fields.forEach(o::set);
            return o;
        }
        if (node.isArray()) {
            var a = VaultCalls.JSON.createArrayNode();
            node.forEach(n -> a.add(sorted(n)));
            return a;
        }
        return node;
    }

    static String pathHash(ObjectNode data) {
        MessageDigest md = Sha256.digest();
        data.fields().forEachRemaining(f -> {
            md.update(f.getKey().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(Sha256.of(f.getValue().toString()).getBytes(StandardCharsets.UTF_8));
            md.update((byte) '\n');
        });
        return Sha256.hex(md);
    }

    /** Folds paths (in sorted order) and their path hashes into the fingerprint. */
    private static final class Fingerprinter {
        private final MessageDigest md = Sha256.digest();
        private long count;

        void add(String path, ObjectNode data) {
            md.update(path.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(pathHash(data).getBytes(StandardCharsets.UTF_8));
            md.update((byte) '\n');
            count++;
        }

        String result() {
            return count + ":" + Sha256.hex(md);
        }
    }

    @Override
    public String toString() {
        return "KvExport[" + mount + ", " + secrets.size() + " secrets]";
    }
}
