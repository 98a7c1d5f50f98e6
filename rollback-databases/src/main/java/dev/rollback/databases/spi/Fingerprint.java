package dev.rollback.databases.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A deterministic summary of a service's data: per table, collection or key space, a row count and a content hash.
 * Two fingerprints of the same data are {@code equals}, whatever the physical order of rows.
 *
 * <p>{@code assertThat(adapter.fingerprint(target)).isEqualTo(before);}
 *
 * @param service the service name
 * @param parts per part ({@code appdb.public.orders}, {@code db0}, {@code /vhost/queues}), sorted by name
 */
public record Fingerprint(String service, SortedMap<String, Part> parts) {

    public Fingerprint {
        parts = Collections.unmodifiableSortedMap(new TreeMap<>(parts));
    }

    /** One table, collection or key space. */
    public record Part(long count, String hash) {
        @Override
        public String toString() {
            return count + ":" + hash;
        }
    }

    public static Fingerprint of(String service, Map<String, Part> parts) {
        return new Fingerprint(service, new TreeMap<>(parts));
    }

    /** Only the parts whose name starts with {@code prefix} (a test's own database, say). */
    public Fingerprint only(String prefix) {
        TreeMap<String, Part> kept = new TreeMap<>();
        parts.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                kept.put(k, v);
            }
        });
        return new Fingerprint(service, kept);
    }

    /** Human-readable differences from {@code other} ({@code appdb.public.t: 3:ab.. != 4:cd..}), empty if equal. */
    public List<String> differences(Fingerprint other) {
        List<String> out = new ArrayList<>();
        TreeMap<String, Part> all = new TreeMap<>(parts);
        other.parts.forEach(all::putIfAbsent);
        for (String name : all.keySet()) {
            Part a = parts.get(name);
            Part b = other.parts.get(name);
            if (a == null) {
                out.add(name + ": missing here, " + b + " there");
            } else if (b == null) {
                out.add(name + ": " + a + " here, missing there");
            } else if (!a.equals(b)) {
                out.add(name + ": " + a + " != " + b);
            }
        }
        return out;
    }
}
