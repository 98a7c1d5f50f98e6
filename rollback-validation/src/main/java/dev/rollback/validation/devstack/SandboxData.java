package dev.rollback.validation.devstack;

import dev.rollback.errors.RollbackException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Data in every engine of the sandbox, written the way an operator would (the engines' own clients in their
 * containers, the management and service APIs over HTTP): {@link #seed()} at the baseline, {@link #change()} after
 * the backup (rows deleted and altered, tables added, keys overwritten and added, a queue deleted, a secret and the
 * stand-ins' data changed). Passwords go in the clients' environment or a request header, never in an argument.
 *
 * <p>{@code SandboxData d = new SandboxData(sandbox, services); d.seed(); backup(); d.change();}
 */
public final class SandboxData {
    /** Rows, documents and keys written per engine. */
    public static final int ROWS = 3000;

    private static final String MONGO_SHELL = "dev.rollback.databases.mongodb.server.SandboxMongoShell";
    private final DevStackSandbox sandbox;
    private final SandboxServices services;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();

    public SandboxData(DevStackSandbox sandbox, SandboxServices services) {
        this.sandbox = sandbox;
        this.services = services;
    }

    /** The baseline's data. */
    public void seed() {
        psql("CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, total numeric(10,2));"
                + "INSERT INTO orders SELECT g, 'customer ' || (g % 97), g * 1.25 FROM generate_series(1, " + ROWS
                + ") g;");
        psql("CREATE DATABASE forgejo");
        mysql("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL, email VARCHAR(128));"
                + "INSERT INTO customers WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < "
                + 900 + ") SELECT n, CONCAT('customer ', n), CONCAT('c', n, '@example.test') FROM seq;");
        List<String> docs = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            docs.add("{\"_id\": " + i + ", \"type\": \"signup\", \"user\": \"user-" + i + "\"}");
        }
        mongo("insert", "dev_database", "events", docs);
        StringBuilder redis = new StringBuilder();
        for (int i = 1; i <= ROWS; i++) {
            redis.append("SET session:").append(i).append(" user-").append(i).append('\n');
        }
        redis(redis.toString());
        rabbit("PUT", "/api/exchanges/dev_vhost/orders", "{\"type\":\"topic\",\"durable\":true}");
        rabbit("PUT", "/api/queues/dev_vhost/orders.created", "{\"durable\":true}");
        rabbit(
                "PUT",
                "/api/queues/dev_vhost/orders.shipped",
                "{\"durable\":true,\"arguments\":{\"x-max-length\":1000}}");
        rabbit("POST", "/api/bindings/dev_vhost/e/orders/q/orders.created", "{\"routing_key\":\"order.created\"}");
        services.vault().put("app-config", Map.of("feature_flags", "baseline", "log_level", "info"));
        forgejo("POST", "/api/v1/repos/devstack-core");
        forgejo("POST", "/api/v1/repos/reference-apps");
        api("PUT", "/api/items/settings", "{\"theme\":\"baseline\"}");
    }

    /** What happened after the backup: every engine's data changed. */
    public void change() {
        psql("DELETE FROM orders WHERE id % 3 = 0; UPDATE orders SET total = 0 WHERE id < 100;"
                + "CREATE TABLE audit_log (id serial PRIMARY KEY, msg text); INSERT INTO audit_log (msg) VALUES "
                + "('written after the backup');");
        mysql("DELETE FROM customers WHERE id > 450; INSERT INTO customers VALUES (99999, 'after', NULL);");
        mongo("drop", "dev_database", "events", List.of());
        mongo("insert", "dev_database", "events", List.of("{\"_id\": 1, \"type\": \"after the backup\"}"));
        StringBuilder redis = new StringBuilder();
        for (int i = 1; i <= ROWS; i += 2) {
            redis.append("SET session:").append(i).append(" changed\n");
        }
        redis.append("SET after:backup 1\n");
        redis(redis.toString());
        rabbit("DELETE", "/api/queues/dev_vhost/orders.created", null);
        rabbit("PUT", "/api/queues/dev_vhost/after.backup", "{\"durable\":true}");
        services.vault().put("app-config", Map.of("feature_flags", "improvement", "log_level", "debug"));
        services.vault().put("new-service", Map.of("token", "written after the backup"));
        forgejo("DELETE", "/api/v1/repos/reference-apps");
        forgejo("POST", "/api/v1/repos/after-the-backup");
        api("PUT", "/api/items/settings", "{\"theme\":\"improvement\"}");
    }

    /** Rows of {@code orders} in PostgreSQL. */
    public int postgresOrders() {
        return Integer.parseInt(psql("SELECT count(*) FROM orders").strip());
    }

    /** Runs SQL in PostgreSQL ({@code dev_database}, through the container's socket); its output. */
    public String psql(String sql) {
        return services.run(
                "postgres",
                Map.of(),
                "psql",
                "-v",
                "ON_ERROR_STOP=1",
                "-U",
                "dev_admin",
                "-d",
                "dev_database",
                "-tAc",
                sql);
    }

    /** {@code pg_dump --clean} of {@code dev_database}, as an operator takes it (for a native restore with psql). */
    public String psqlDump() {
        return services.output(
                "postgres", Map.of(), "pg_dump", "-U", "dev_admin", "--clean", "--if-exists", "dev_database");
    }

    /** {@code mysqldump} of {@code dev_database}, as an operator takes it (for a native restore with mysql). */
    public String mysqlDump() {
        return services.output(
                "mysql",
                Map.of("MYSQL_PWD", sandbox.secrets().field("mysql", "root_password")),
                "mysqldump",
                "-uroot",
                "--single-transaction",
                "--databases",
                "dev_database");
    }

    /** Runs SQL in MySQL ({@code dev_database}, as root); its output. */
    public String mysql(String sql) {
        return services.run(
                "mysql",
                Map.of("MYSQL_PWD", sandbox.secrets().field("mysql", "root_password")),
                "mysql",
                "-uroot",
                "-N",
                "-B",
                "dev_database",
                "-e",
                sql);
    }

    /** One command of the MongoDB stand-in's shell in its container; its output. */
    public String mongo(String command, String db, String collection, List<String> docs) {
        List<String> cmd = new ArrayList<>(List.of(
                "java",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                "/opt/sandbox/lib/*",
                MONGO_SHELL,
                command,
                db,
                collection));
        cmd.addAll(docs);
        return services.run("mongodb", Map.of(), cmd.toArray(String[]::new)).strip();
    }

    /** Redis commands, one per line, through {@code redis-cli -c} on redis-1 (following the cluster's redirects). */
    public String redis(String commands) {
        byte[] in = commands.getBytes(StandardCharsets.UTF_8);
        // an attached exec never passes end-of-file through: the command reads exactly the bytes sent
        var r = services.runtimeExec(
                "redis-1",
                services.redisAuth("redis-1"),
                new ByteArrayInputStream(in),
                in.length,
                "sh",
                "-c",
                "head -c " + in.length + " | redis-cli -c >/dev/null");
        if (!r.succeeded()) {
            throw new RollbackException(
                    "redis: redis-cli -c failed: " + r.stderr().strip());
        }
        return r.stdout();
    }

    /** A Redis value read through the cluster. */
    public String redisGet(String key) {
        return services.run("redis-1", services.redisAuth("redis-1"), "redis-cli", "-c", "GET", key)
                .strip();
    }

    /** A call of RabbitMQ's management API (its container's address: it publishes no port). */
    public String rabbit(String method, String path, String body) {
        String auth = sandbox.secrets().field("rabbitmq", "user") + ":"
                + sandbox.secrets().field("rabbitmq", "password");
        return send(
                method,
                "http://" + services.address("rabbitmq", 15672) + path,
                body,
                Map.of(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8))));
    }

    /** A call of the Forgejo stand-in's API. */
    public String forgejo(String method, String path) {
        return send(method, "http://" + services.address("forgejo", 3000) + path, null, Map.of());
    }

    /** A call of the reference API. */
    public String api(String method, String path, String body) {
        return send(method, "http://" + services.address("reference-api", 8000) + path, body, Map.of());
    }

    private String send(String method, String url, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        headers.forEach(b::header);
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new RollbackException(method + " " + url.replaceFirst("//[^/]+", "//<service>") + " answered "
                        + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new RollbackException(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RollbackException("interrupted", e);
        }
    }
}
