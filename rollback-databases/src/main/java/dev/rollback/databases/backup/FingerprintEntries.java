package dev.rollback.databases.backup;

import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.io.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A data {@link Fingerprint} as manifest entries, and the comparison a restore drill makes against them.
 *
 * <p>Up to {@value #MAX_PARTS} parts: one entry each, {@code fingerprint.<part>} = {@code <count>:<hash>}. Beyond
 * that the manifest would grow with the schema, so the parts are hashed together: {@code fingerprint-parts} = their
 * number, {@code fingerprint-rows} = the sum of their counts and {@code fingerprint-digest} = SHA-256 over the sorted
 * lines {@code <part>\t<count>:<hash>\n}; a drill then says that something differs, not which part.
 *
 * <p>{@code Map<String, String> m = FingerprintEntries.encode(adapter.fingerprint(target));}
 */
public final class FingerprintEntries {
    /** Prefix of one part's entry. */
    public static final String PREFIX = "fingerprint.";
    /** How many parts are recorded one by one at most. */
    public static final int MAX_PARTS = 64;

    static final String PARTS = "fingerprint-parts";
    static final String ROWS = "fingerprint-rows";
    static final String DIGEST = "fingerprint-digest";

    private FingerprintEntries() {}

    /** The manifest entries for {@code f}. */
    public static Map<String, String> encode(Fingerprint f) {
        Map<String, String> out = new LinkedHashMap<>();
        if (f.parts().size() <= MAX_PARTS) {
            f.parts().forEach((name, part) -> out.put(PREFIX + name, part.toString()));
        } else {
            out.put(PARTS, Integer.toString(f.parts().size()));
            out.put(ROWS, Long.toString(rows(f)));
            out.put(DIGEST, digest(f));
        }
        return out;
    }

    /** Whether the entries hold a fingerprint at all (either form). */
    public static boolean present(Map<String, String> entries) {
        return entries.containsKey(DIGEST) || entries.keySet().stream().anyMatch(k -> k.startsWith(PREFIX));
    }

    /**
     * How {@code actual} differs from what the entries recorded, by part name and row count, never by value or
     * hash; empty when equal.
     */
    public static List<String> differences(Map<String, String> recorded, Fingerprint actual) {
        List<String> out = new ArrayList<>();
        if (recorded.containsKey(DIGEST)) {
            if (!recorded.get(DIGEST).equals(digest(actual))) {
                out.add("the combined fingerprint of " + recorded.get(PARTS) + " parts (" + recorded.get(ROWS)
                        + " rows) differs: restored " + actual.parts().size() + " parts, " + rows(actual) + " rows"
                        + " (too many parts to record one by one, so which one is not known)");
            }
            return out;
        }
        Map<String, String> want = new TreeMap<>();
        recorded.forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                want.put(k.substring(PREFIX.length()), v);
            }
        });
        Map<String, String> got = new TreeMap<>();
        actual.parts().forEach((k, v) -> got.put(k, v.toString()));
        for (Map.Entry<String, String> w : want.entrySet()) {
            String g = got.get(w.getKey());
            if (g == null) {
                out.add(w.getKey() + ": missing after the restore (recorded " + count(w.getValue()) + " rows)");
            } else if (!g.equals(w.getValue())) {
                String wc = count(w.getValue());
                String gc = count(g);
                out.add(w.getKey() + ": "
                        + (wc.equals(gc)
                                ? "content differs (" + gc + " rows)"
                                : "row count differs (recorded " + wc + ", restored " + gc + ")"));
            }
        }
        for (String extra : got.keySet()) {
            if (!want.containsKey(extra)) {
                out.add(extra + ": restored but not in the recorded fingerprint (" + count(got.get(extra)) + " rows)");
            }
        }
        return out;
    }

    /** How many parts the entries describe. */
    public static int parts(Map<String, String> recorded) {
        if (recorded.containsKey(PARTS)) {
            return Integer.parseInt(recorded.get(PARTS));
        }
        return (int)
                recorded.keySet().stream().filter(k -> k.startsWith(PREFIX)).count();
    }

    static long rows(Fingerprint f) {
        return f.parts().values().stream().mapToLong(Fingerprint.Part::count).sum();
    }

    static String digest(Fingerprint f) {
        MessageDigest md = Sha256.digest();
        f.parts().forEach((name, part) -> md.update((name + "\t" + part + "\n").getBytes(StandardCharsets.UTF_8)));
        return Sha256.hex(md);
    }

    private static String count(String countAndHash) {
        int colon = countAndHash.indexOf(':');
        return colon < 0 ? "?" : countAndHash.substring(0, colon);
    }
}
