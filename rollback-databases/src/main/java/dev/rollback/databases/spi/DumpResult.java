package dev.rollback.databases.spi;

import java.time.Duration;

/**
 * What a dump wrote, for the backup manifest.
 *
 * <p>{@code DumpResult d = adapter.dump(target, out); manifest.put("sha256", d.sha256());}
 *
 * @param service the service name
 * @param bytes how many bytes went to the stream
 * @param sha256 hex SHA-256 of those bytes
 * @param format what the bytes are ({@code pg_dumpall-sql}, {@code rollback-redis-v1}, ...)
 * @param tool the tool and its version, or the driver, that produced them
 * @param duration how long it took
 */
public record DumpResult(String service, long bytes, String sha256, String format, String tool, Duration duration) {}
