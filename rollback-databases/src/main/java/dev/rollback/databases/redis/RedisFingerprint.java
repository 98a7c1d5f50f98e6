package dev.rollback.databases.redis;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.io.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
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
                    RedisAdapter.forEachKeyPage(j, one, keys -> hashes.addAll(keyHashes(j, keys)));
                } catch (RuntimeException e) {
                    throw RedisNodes.failure(target, node, "fingerprinting keys", e);
                }
            }
            hashes.sort(Arrays::compare);
            MessageDigest all = Sha256.digest();
            hashes.forEach(all::update);
            parts.put("keys " + pattern, new Fingerprint.Part(hashes.size(), Sha256.hex(all.digest())));
        }
        return Fingerprint.of(target.service(), parts);
    }

    /** The keys' hashes, with two pipelines per page: TYPE and PTTL, then each value by its type. */
    private static List<byte[]> keyHashes(Jedis j, List<byte[]> keys) {
        List<Response<String>> types = new ArrayList<>(keys.size());
        List<Response<Long>> ttls = new ArrayList<>(keys.size());
        try (Pipeline p = j.pipelined()) {
            for (byte[] key : keys) {
                types.add(p.type(key));
                ttls.add(p.pttl(key));
            }
            p.sync();
        }
        List<Response<?>> values = new ArrayList<>(keys.size());
        try (Pipeline p = j.pipelined()) {
            for (int i = 0; i < keys.size(); i++) {
                byte[] key = keys.get(i);
                values.add(
                        switch (types.get(i).get()) {
                            case "string" -> p.get(key);
                            case "list" -> p.lrange(key, 0, -1);
                            case "set" -> p.smembers(key);
                            case "hash" -> p.hgetAll(key);
                            case "zset" -> p.zrangeWithScores(key, 0, -1);
                            default -> p.dump(key);
                        });
            }
            p.sync();
        }
        List<byte[]> out = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            String type = types.get(i).get();
            if (type.equals("none")) {
                continue;
            }
            MessageDigest d = Sha256.digest();
            d.update(keys.get(i));
            d.update(("\0" + type + "\0" + (ttls.get(i).get() > 0 ? "expires" : "persistent") + "\0")
                    .getBytes(StandardCharsets.UTF_8));
            hashValue(d, type, values.get(i).get());
            out.add(d.digest());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void hashValue(MessageDigest d, String type, Object value) {
        if (value == null) {
            return;
        }
        switch (type) {
            case "string" -> d.update((byte[]) value);
            case "list" -> ((List<byte[]>) value).forEach(v -> item(d, v));
            case "set" -> ((Set<byte[]>) value).stream().sorted(Arrays::compare).forEach(v -> item(d, v));
            case "hash" ->
                ((Map<byte[], byte[]>) value)
                        .entrySet().stream()
                                .sorted(Map.Entry.comparingByKey(Arrays::compare))
                                .forEach(e -> {
                                    item(d, e.getKey());
                                    item(d, e.getValue());
                                });
            case "zset" ->
                ((List<Tuple>) value)
                        .stream()
                                .sorted(Comparator.comparing(Tuple::getBinaryElement, Arrays::compare))
                                .forEach(t -> {
                                    item(d, t.getBinaryElement());
                                    item(d, Double.toString(t.getScore()).getBytes(StandardCharsets.UTF_8));
                                });
            default -> d.update((byte[]) value);
        }
    }

    private static void item(MessageDigest d, byte[] v) {
        d.update(Integer.toString(v.length).getBytes(StandardCharsets.US_ASCII));
        d.update((byte) ':');
        d.update(v);
    }
}
