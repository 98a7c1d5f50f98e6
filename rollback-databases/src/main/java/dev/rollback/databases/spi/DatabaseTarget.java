package dev.rollback.databases.spi;

import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.SecretStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a database service is and how to log in to it. Its {@code toString} never shows the password.
 *
 * <p>{@code DatabaseTarget pg = DatabaseTarget.custom("postgres", ServiceKind.POSTGRES).host("127.0.0.1")
 * .port(5432).credentialsFrom(store).build();}
 *
 * @param service the service name ({@code postgres}, {@code redis-1})
 * @param kind which engine it is
 * @param host host name or address the drivers and host tools connect to
 * @param port its port
 * @param user the login (MySQL restores need {@code root})
 * @param password the password; empty for none (trust, no AUTH)
 * @param database the database to connect to for health and as the restore's entry point; empty for the default
 * @param scope limits dump, restore and fingerprint: database names (PostgreSQL, MySQL, MongoDB), key patterns
 *              (Redis), vhosts (RabbitMQ); empty for everything the engine holds
 * @param connectTimeout how long a connection may take
 * @param operationTimeout how long a dump or restore may take
 * @param runner where the engine's own tools run (host process or the service's container)
 * @param options engine-specific settings ({@code managementPort} for RabbitMQ, {@code nodes} for a Redis cluster)
 */
public record DatabaseTarget(
        String service,
        ServiceKind kind,
        String host,
        int port,
        String user,
        Optional<String> password,
        Optional<String> database,
        List<String> scope,
        Duration connectTimeout,
        Duration operationTimeout,
        CommandRunner runner,
        Map<String, String> options) {

    public DatabaseTarget {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(kind, "kind");
        scope = List.copyOf(scope);
        options = Map.copyOf(options);
        if (host == null || host.isBlank()) {
            throw new RollbackException("database target " + service + ": host is empty; set it in rollback.yaml"
                    + " (services." + service + ".host) or pass it to the builder");
        }
        if (port <= 0 || port > 65535) {
            throw new RollbackException("database target " + service + ": port " + port + " is out of range");
        }
    }

    /** A builder for {@code service}, with the engine's default port, 5 s connect and 30 min operation timeouts. */
    public static Builder custom(String service, ServiceKind kind) {
        return new Builder(service, kind);
    }

    /** An engine-specific option. */
    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    public DatabaseTarget withScope(List<String> newScope) {
        return new DatabaseTarget(
                service,
                kind,
                host,
                port,
                user,
                password,
                database,
                newScope,
                connectTimeout,
                operationTimeout,
                runner,
                options);
    }

    public DatabaseTarget withPassword(String newPassword) {
        return new DatabaseTarget(
                service,
                kind,
                host,
                port,
                user,
                Optional.ofNullable(newPassword),
                database,
                scope,
                connectTimeout,
                operationTimeout,
                runner,
                options);
    }

    public DatabaseTarget withPort(int newPort) {
        return new DatabaseTarget(
                service,
                kind,
                host,
                newPort,
                user,
                password,
                database,
                scope,
                connectTimeout,
                operationTimeout,
                runner,
                options);
    }

    public DatabaseTarget withRunner(CommandRunner newRunner) {
        return new DatabaseTarget(
                service,
                kind,
                host,
                port,
                user,
                password,
                database,
                scope,
                connectTimeout,
                operationTimeout,
                newRunner,
                options);
    }

    /** This target with one engine-specific option set ({@code format=rdb} for Redis). */
    public DatabaseTarget withOption(String key, String value) {
        Map<String, String> more = new HashMap<>(options);
        more.put(key, value);
        return new DatabaseTarget(
                service,
                kind,
                host,
                port,
                user,
                password,
                database,
                scope,
                connectTimeout,
                operationTimeout,
                runner,
                more);
    }

    public DatabaseTarget withConnectTimeout(Duration timeout) {
        return new DatabaseTarget(
                service, kind, host, port, user, password, database, scope, timeout, operationTimeout, runner, options);
    }

    /** {@code host:port} for messages. */
    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return "DatabaseTarget[" + service + " " + kind + " " + user + "@" + address()
                + (password.isPresent() ? " password=***" : "")
                + database.map(d -> " db=" + d).orElse("")
                + (scope.isEmpty() ? "" : " scope=" + scope) + " via " + runner.describe() + "]";
    }

    /** Builds a {@link DatabaseTarget}; {@link #build()} checks the fields. */
    public static final class Builder {
        private final String service;
        private final ServiceKind kind;
        private String host = "127.0.0.1";
        private int port;
        private String user;
        private String password;
        private String database;
        private List<String> scope = List.of();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration operationTimeout = Duration.ofMinutes(30);
        private CommandRunner runner = new LocalCommandRunner();
        private Map<String, String> options = Map.of();

        private Builder(String service, ServiceKind kind) {
            this.service = service;
            this.kind = kind;
            this.port = defaultPort(kind);
            this.user = defaultUser(kind);
        }

        public Builder host(String h) {
            this.host = h;
            return this;
        }

        public Builder port(int p) {
            this.port = p;
            return this;
        }

        public Builder user(String u) {
            this.user = u;
            return this;
        }

        public Builder password(String p) {
            this.password = p;
            return this;
        }

        public Builder database(String d) {
            this.database = d;
            return this;
        }

        public Builder scope(List<String> s) {
            this.scope = s;
            return this;
        }

        public Builder connectTimeout(Duration t) {
            this.connectTimeout = t;
            return this;
        }

        public Builder operationTimeout(Duration t) {
            this.operationTimeout = t;
            return this;
        }

        public Builder runner(CommandRunner r) {
            this.runner = r;
            return this;
        }

        public Builder options(Map<String, String> o) {
            this.options = o;
            return this;
        }

        /**
         * Reads the login from the service's secret, DevStack Core's layout: {@code secret/<service>} with
         * {@code user}/{@code password}; MySQL logs in as {@code root} with {@code root_password}; Redis has only
         * {@code password}. A missing secret or field is an error naming the path and field (never a value).
         */
        public Builder credentialsFrom(SecretStore store) {
            String path = "secret/" + service;
            Map<String, String> secret = store.read(path)
                    .orElseThrow(() -> new RollbackException("service "
                            + service + ": no secret at " + path + " in " + store.describe()
                            + "; create it or point the target at the right secret store"));
            String passwordField = kind == ServiceKind.MYSQL ? "root_password" : "password";
            String pw = secret.get(passwordField);
            if (pw == null) {
                throw new RollbackException("service " + service + ": secret " + path + " has no field '"
                        + passwordField + "' in " + store.describe() + "; add it");
            }
            this.password = pw;
            if (kind != ServiceKind.MYSQL && kind != ServiceKind.REDIS && secret.containsKey("user")) {
                this.user = secret.get("user");
            }
            if (database == null && secret.containsKey("database") && kind != ServiceKind.POSTGRES) {
                this.database = secret.get("database");
            }
            if (database == null && kind == ServiceKind.RABBITMQ && secret.containsKey("vhost")) {
                this.database = secret.get("vhost"); // DevStack Core's secret/rabbitmq {user, password, vhost}
            }
            return this;
        }

        public DatabaseTarget build() {
            if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new RollbackException("database target " + service + ": connectTimeout must be positive");
            }
            if (operationTimeout == null || operationTimeout.isNegative() || operationTimeout.isZero()) {
                throw new RollbackException("database target " + service + ": operationTimeout must be positive");
            }
            return new DatabaseTarget(
                    service,
                    kind,
                    host,
                    port,
                    user,
                    Optional.ofNullable(password),
                    Optional.ofNullable(database),
                    scope,
                    connectTimeout,
                    operationTimeout,
                    Objects.requireNonNull(runner, "runner"),
                    options);
        }

        private static int defaultPort(ServiceKind kind) {
            return switch (kind) {
                case POSTGRES -> 5432;
                case PGBOUNCER -> 6432;
                case MYSQL -> 3306;
                case MONGODB -> 27017;
                case REDIS -> 6379;
                case RABBITMQ -> 5672;
                default -> 1;
            };
        }

        private static String defaultUser(ServiceKind kind) {
            return switch (kind) {
                case POSTGRES -> "postgres";
                case MYSQL -> "root";
                case RABBITMQ -> "guest";
                default -> "";
            };
        }
    }
}
