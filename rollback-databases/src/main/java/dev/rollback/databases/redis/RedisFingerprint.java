package dev.rollback.databases.redis;

import dev.rollback.databases.DumpDigest;
import dev.rollback.databases.Hashes;
import dev.rollback.spi.DatabaseTarget;
import dev.rollback.spi.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

/**
 * Per key pattern in scope (or {@code *}): the number of keys and a hash over, in key order, each key's name, type,
 * whether it expires, and its value read in a canonical form (hash fields and set members sorted), so equal data
 * gives an equal fingerprint whatever its internal encoding. Streams and other types hash their {@code DUMP}.
 *
 * <p>{@code Fingerprint f = new RedisFingerprint(target, adapter).take(); // {keys *=1200:9f3c...}}
 */
final class RedisFingerprint {
    private final DatabaseTarget target;
    private final RedisAdapter adapter;

    RedisFingerprint(DatabaseTarget target, RedisAdapter adapter) {
        this.target = target;
        this.adapter = adapter;
    }

    Fingerprint take() {
        Map<String, Fingerprint.Part> parts = new TreeMap<>();
        List<String> patterns = target.scope().isEmpty() ? List.of("*") : target.scope();
        for (String pattern : patterns) {
            List<byte[]> hashes = new ArrayList<>();
            DatabaseTarget one = target.withScope(List.of(pattern));
            for (HostAndPort node : adapter.masters(target)) {
                try (Jedis j = RedisNodes.open(target, node)) {
                    RedisAdapter.forEachKey(j, one, key -> hashes.add(keyHash(j, key)));
                } catch (RuntimeException e) {
                    throw RedisNodes.failure(target, node, "fingerprinting keys", e);
                }
            }
            hashes.sort(Arrays::compare);
            MessageDigest all = DumpDigest.sha256();
            hashes.forEach(all::update);
            parts.put("keys " + pattern, new Fingerprint.Part(hashes.size(), Hashes.hex(all.digest())));
        }
        return Fingerprint.of(target.service(), parts);
    }

    private static byte[] keyHash(Jedis j, byte[] key) {
        MessageDigest d = DumpDigest.sha256();
        d.update(key);
        String type = j.type(key);
        d.update(("\0" + type + "\0" + (j.pttl(key) > 0 ? "expires" : "persistent") + "\0")
            .getBytes(StandardCharsets.UTF_8));
        switch (type) {
            case "string" -> d.update(j.get(key));
            case "list" -> j.lrange(key, 0, -1).forEach(v -> item(d, v));
            case "set" -> j.smembers(key).stream().sorted(Arrays::compare).forEach(v -> item(d, v));
            case "hash" -> j.hgetAll(key).entrySet().stream().sorted(Map.Entry.comparingByKey(Arrays::compare))
                .forEach(e -> {
                    item(d, e.getKey());
                    item(d, e.getValue());
                });
            case "zset" -> j.zrangeWithScores(key, 0, -1).stream()
                .sorted(Comparator.comparing(Tuple::getBinaryElement, Arrays::compare)).forEach(t -> {
                    item(d, t.getBinaryElement());
                    item(d, Double.toString(t.getScore()).getBytes(StandardCharsets.UTF_8));
                });
            default -> {
                byte[] dump = j.dump(key);
                if (dump != null) {
                    d.update(dump);
                }
            }
        }
        return d.digest();
    }

    private static void item(MessageDigest d, byte[] v) {
        d.update(Integer.toString(v.length).getBytes(StandardCharsets.US_ASCII));
        d.update((byte) ':');
        d.update(v);
    }
}
