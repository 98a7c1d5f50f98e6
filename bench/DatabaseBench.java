// The adapters' dump + restore against the engines' own tools run directly, same data, same run; and backing up
// all engines in parallel against one after another. Run by bench/database-overhead.sh (single-file program on the
// CLI jar's class path). Uses only data it creates: a MariaDB database on the host server, a throwaway
// local/postgres:15 container (pg_dumpall replaces a whole cluster) and a private redis-server on a free port (the
// native Redis path, an RDB, replaces a whole server).
//
// Each engine: one warm-up round (not counted), then N rounds alternating which side goes first; the medians are
// printed, with the adapter's phases: dump, verification alone (the read before the server is touched), restore
// (verification included), and the restore with the safety dump the native path does not take.
import dev.rollback.databases.FramedArchive;
import dev.rollback.databases.SqlDumpCheck;
import dev.rollback.env.ServiceKind;
import dev.rollback.databases.spi.*;
import dev.rollback.spi.*;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.*;
import java.sql.*;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.*;
import java.util.regex.Pattern;

public class DatabaseBench {
    static final String RUN = Long.toHexString(System.nanoTime() & 0xffffff);

    public static void main(String[] a) throws Exception {
        int rows = Integer.parseInt(a.length > 0 ? a[0] : "200000");
        int pgPort = Integer.parseInt(a[1]);
        int rounds = Integer.parseInt(a.length > 2 ? a[2] : "3");
        String pgPassword = System.getenv("BENCH_PG_PASSWORD");
        Path dir = Files.createTempDirectory("rbdb");
        curlLogin(dir);
        DatabaseTarget pg = DatabaseTarget.custom("postgres", ServiceKind.POSTGRES).host("127.0.0.1").port(pgPort)
                .user("postgres").password(pgPassword).operationTimeout(Duration.ofMinutes(10)).build();
        String myDb = "rb_bench_" + RUN;
        DatabaseTarget my = DatabaseTarget.custom("mysql", ServiceKind.MYSQL).host("127.0.0.1").port(3306).user("root")
                .password("").scope(List.of(myDb)).operationTimeout(Duration.ofMinutes(10)).build();
        PrivateRedis redisServer = new PrivateRedis(dir.resolve("redis"));
        try {
            DatabaseTarget redis = DatabaseTarget.custom("redis-1", ServiceKind.REDIS).host("127.0.0.1")
                    .port(redisServer.port).operationTimeout(Duration.ofMinutes(10)).build();
            seedPostgres(pgPort, pgPassword, rows);
            seedMysql(myDb, rows);
            int keys = rows / 4;
            seedRedis(redisServer.port, keys);
            System.out.printf("data: %d rows in PostgreSQL and in MariaDB, %d Redis keys; %d rounds after a warm-up,"
                    + " medians%n%n", rows, keys, rounds);
            System.out.printf("%-10s %7s | %7s %7s %7s %8s %6s | %7s %7s %7s | %8s %7s %9s%n", "engine", "dump MB",
                    "a.dump", "verify", "restore", "a.total", "a.cpu", "n.dump", "n.rest", "n.total", "overhead",
                    "(best)", "w/ safety");
            List<String> notes = new ArrayList<>();
            measure("postgresql", pg, dir, rounds, ".sql",
                    f -> time(() -> sh("pg_dumpall --clean --if-exists -h 127.0.0.1 -p "
                            + pgPort + " -U postgres -l postgres > " + f)),
                    f -> time(() -> sh("psql -X -q -h 127.0.0.1 -p " + pgPort
                            + " -U postgres -d postgres -f " + f + " > /dev/null 2>&1 || true")),
                    f -> SqlDumpCheck.verify("bench", DumpSource.ofFile(f), "PostgreSQL database cluster dump complete",
                            Pattern.compile("^CREATE DATABASE (\\S+)"), Optional.empty()));
            measure("mariadb", my, dir, rounds, ".sql",
                    f -> time(() -> sh("mariadb-dump -h 127.0.0.1 -uroot --single-transaction --routines --triggers"
                            + " --events --hex-blob --default-character-set=utf8mb4 --databases " + myDb + " > " + f)),
                    f -> time(() -> sh("mariadb -h 127.0.0.1 -uroot --default-character-set=utf8mb4 < " + f)),
                    f -> SqlDumpCheck.verify("bench", DumpSource.ofFile(f), "-- Dump completed",
                            Pattern.compile("^CREATE DATABASE (\\S+)"), Optional.empty()));
            measure("redis-keys", redis, dir, rounds, ".rdbk",
                    f -> time(() -> sh("redis-cli -p " + redisServer.port + " --rdb " + f + " > /dev/null 2>&1")),
                    f -> time(() -> redisServer.restartWith(f)),
                    f -> FramedArchive.verify("bench", DumpSource.ofFile(f), "rollback-redis-v1", Optional.empty()));
            DatabaseTarget redisRdb = redis.withOption("format", "rdb")
                    .withOption("restart_command", redisServer.startCommand());
            measure("redis-rdb", redisRdb, dir, rounds, ".rdbk",
                    f -> time(() -> sh("redis-cli -p " + redisServer.port + " --rdb " + f + " > /dev/null 2>&1")),
                    f -> time(() -> redisServer.restartWith(f)),
                    f -> FramedArchive.verify("bench", DumpSource.ofFile(f), "rollback-redis-rdb-v1",
                            Optional.empty()));
            String vhost = "rb_bench_" + RUN;
            DatabaseTarget rabbit = DatabaseTarget.custom("rabbitmq", ServiceKind.RABBITMQ).host("127.0.0.1")
                    .port(5672).user("guest").password("guest").scope(List.of(vhost))
                    .options(Map.of("managementPort", "15672")).operationTimeout(Duration.ofMinutes(10)).build();
            int objects = Integer.parseInt(System.getenv().getOrDefault("BENCH_RABBIT_QUEUES", Integer.toString(Math.max(50, rows / 1000))));
            try {
                seedRabbit(vhost, objects);
                String api = CURL + "http://127.0.0.1:15672/api/definitions/" + vhost;
                OnFile<Double> get = f -> time(() -> sh(api + " -o " + f));
                OnFile<Double> post = f -> time(() -> sh(api + " -H 'content-type: application/json' --data-binary @"
                        + f));
                OnFile<?> check = f -> FramedArchive.verify("bench", DumpSource.ofFile(f), "rollback-rabbitmq-v1",
                        Optional.empty());
                measure("rabbitmq", rabbit, dir, rounds, ".rmq", get, post, check);
                // the same operation as the native pair: a merge (the default also recreates what changed)
                measure("rabbitmq-merge", rabbit, dir, rounds, ".rmq", get, post, check,
                        RestoreOptions.ofDefaults().merge());
                if (Files.exists(dir.resolve("rabbitmq.rmq")) && rabbitmqctl()) {
                    Path defs = dir.resolve("rabbitmqctl.json");
                    List<Double> ts = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        ts.add(time(() -> sh("umask 077; rabbitmqctl -q export_definitions - > " + defs
                                + " && rabbitmqctl -q import_definitions < " + defs + " > /dev/null")));
                    }
                    Files.deleteIfExists(defs);
                    System.out.printf("%nrabbitmq, the operator's own tool (rabbitmqctl export_definitions +"
                            + " import_definitions, whole broker): %.2fs, against the adapter's a.total above%n",
                            median(ts));
                }
            } finally {
                sh(CURL + "-X DELETE http://127.0.0.1:15672/api/vhosts/" + vhost + " || true");
            }
            if (Files.exists(dir.resolve("redis-keys.rdbk"))) {
                System.out.printf("%nredis, the same keys' RESTOREs sent by redis-cli --pipe (the protocol's floor for a"
                    + " restore by command): %.2fs, against the adapter's restore above%n",
                    redisPipeFloor(dir, redisServer.port));
            }
            System.out.println("\n  a. = adapter, n. = native; times in seconds; overhead = a.total / n.total - 1"
                    + " (goal <= 10%);\n  (best) = the same from each side's fastest round, less sensitive to other"
                    + " load;"
                    + "\n  w/ safety = the adapter's restore with its default safety dump, vs n.total;"
                    + "\n  a.cpu = this JVM's CPU time in a.total (hashing, verifying, piping), which other load on the"
                    + " machine does not inflate");
            System.out.println("  native: pg_dumpall --clean --if-exists > f; psql -f f | mariadb-dump --databases > f;"
                    + " mariadb < f | redis-cli --rdb f; stop the server, put f in place, start it, wait for PING |"
                    + "\n  rabbitmq: curl GET /api/definitions/<vhost> > f; curl POST f to it, a merge (the adapter's"
                    + " default also recreates what changed; rabbitmq-merge restores as a merge, like the native pair)");
            System.out.println("  redis-keys = the adapter's default format (SCAN + DUMP, RESTORE onto the live node: no"
                    + " restart, scopes, merges);\n  redis-rdb = format=rdb (each node's snapshot over SYNC, the node"
                    + " restarted on it by restart_command: the native path, verified)");
            String only = System.getenv().getOrDefault("BENCH_ENGINES", "");
            if (only.isEmpty() || List.of(only.split(",")).contains("parallel")) {
                parallel(List.of(pg, my, redis), dir);
            }
        } finally {
            try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/", "root", "");
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + myDb);
            }
            redisServer.stop();
            try (var all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    interface Timed { double run() throws Exception; }
    interface OnFile<T> { T on(Path f) throws Exception; }

    static double time(Callable<?> c) throws Exception {
        long t0 = System.nanoTime();
        c.call();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The medians of {@code rounds} rounds after a warm-up, adapter and native alternating which goes first. */
    static void measure(String name, DatabaseTarget t, Path dir, int rounds, String ext, OnFile<Double> nativeDump,
                        OnFile<Double> nativeRestore, OnFile<?> verify) throws Exception {
        measure(name, t, dir, rounds, ext, nativeDump, nativeRestore, verify, RestoreOptions.ofDefaults());
    }

    /** {@code options}: how the adapter restores (the default: clean, keeping extras), the safety dump aside. */
    static void measure(String name, DatabaseTarget t, Path dir, int rounds, String ext, OnFile<Double> nativeDump,
                        OnFile<Double> nativeRestore, OnFile<?> verify, RestoreOptions options) throws Exception {
        String only = System.getenv().getOrDefault("BENCH_ENGINES", "");
        if (!only.isEmpty() && !List.of(only.split(",")).contains(name)) {
            return;
        }
        DatabaseAdapter ad = DatabaseAdapters.require(t.kind());
        Path f = dir.resolve(name + ext);
        Path nf = dir.resolve(name + ".native");
        Map<String, List<Double>> m = new LinkedHashMap<>();
        for (int r = -1; r < rounds; r++) {
            Map<String, Double> one = new LinkedHashMap<>();
            Timed adapter = () -> {
                double cpu0 = cpu();
                one.put("a.dump", time(() -> {
                    try (var out = Files.newOutputStream(f)) {
                        return ad.dump(t, out);
                    }
                }));
                double v0 = cpu();
                one.put("verify", time(() -> verify.on(f)));
                cpu0 += cpu() - v0;
                one.put("restore", time(() -> ad.restore(t, DumpSource.ofFile(f),
                        options.withoutSafetyDump())));
                one.put("a.total", one.get("a.dump") + one.get("restore"));
                one.put("a.cpu", cpu() - cpu0);
                Path safety = dir.resolve("safety");
                one.put("safety.restore", time(() -> ad.restore(t, DumpSource.ofFile(f),
                        options.withSafetyDumpDirectory(safety))));
                try (var s = Files.list(safety)) {
                    for (Path p : s.toList()) {
                        Files.delete(p);
                    }
                }
                return 0;
            };
            Timed nat = () -> {
                one.put("n.dump", nativeDump.on(nf));
                one.put("n.rest", nativeRestore.on(nf));
                one.put("n.total", one.get("n.dump") + one.get("n.rest"));
                return 0;
            };
            if (r % 2 == 0) {
                adapter.run();
                nat.run();
            } else {
                nat.run();
                adapter.run();
            }
            if (r >= 0) {
                one.forEach((k, v) -> m.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            }
        }
        double aTotal = median(m.get("a.total"));
        double nTotal = median(m.get("n.total"));
        double withSafety = median(m.get("a.dump")) + median(m.get("safety.restore"));
        double best = Collections.min(m.get("a.total")) / Collections.min(m.get("n.total")) - 1;
        System.out.printf("%-10s %7.1f | %7.2f %7.2f %7.2f %8.2f %6.2f | %7.2f %7.2f %7.2f | %+7.0f%% %+6.0f%%"
                + " %+8.0f%%%n",
                name, Files.size(f) / 1e6, median(m.get("a.dump")), median(m.get("verify")), median(m.get("restore")),
                aTotal, median(m.get("a.cpu")), median(m.get("n.dump")), median(m.get("n.rest")), nTotal,
                (aTotal / nTotal - 1) * 100, best * 100, (withSafety / nTotal - 1) * 100);
        if (System.getenv("BENCH_VERBOSE") != null) {
            System.out.println("           all rounds: " + m);
        }
    }

    /** RESTORE of every key in the Redis dump, written as protocol and sent with redis-cli --pipe; median of 3. */
    static double redisPipeFloor(Path dir, int port) throws Exception {
        Path resp = dir.resolve("redis.resp");
        try (var in = Files.newInputStream(dir.resolve("redis-keys.rdbk"));
             var o = new java.io.BufferedOutputStream(Files.newOutputStream(resp))) {
            FramedArchive.read(in, "rollback-redis-v1", (tag, body) -> {
                if (tag != 2) {
                    return;
                }
                var d = new java.io.DataInputStream(new java.io.ByteArrayInputStream(body));
                byte[] key = d.readNBytes(d.readInt());
                long pttl = d.readLong();
                byte[] value = d.readAllBytes();
                o.write("*5\r\n".getBytes());
                for (byte[] arg : List.of("RESTORE".getBytes(), key, Long.toString(Math.max(0, pttl)).getBytes(), value,
                        "REPLACE".getBytes())) {
                    o.write(("$" + arg.length + "\r\n").getBytes());
                    o.write(arg);
                    o.write("\r\n".getBytes());
                }
            });
        }
        List<Double> ts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ts.add(time(() -> sh("redis-cli -p " + port + " --pipe < " + resp + " > /dev/null")));
        }
        return median(ts);
    }

    /** Whether rabbitmqctl answers here (it needs the broker's Erlang cookie: root or the rabbitmq user). */
    static boolean rabbitmqctl() {
        try {
            sh("rabbitmqctl -q status > /dev/null 2>&1");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** This JVM's CPU time in seconds: the adapter's own work, without the tools' and the servers'. */
    static double cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static void parallel(List<DatabaseTarget> targets, Path dir) throws Exception {
        Map<String, Double> each = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        for (DatabaseTarget t : targets) {
            long s = System.nanoTime();
            dump(t, dir);
            each.put(t.service(), Math.round((System.nanoTime() - s) / 1e7) / 100.0);
        }
        double serial = (System.nanoTime() - t0) / 1e9;
        ExecutorService pool = Executors.newFixedThreadPool(targets.size());
        t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (DatabaseTarget t : targets) {
            fs.add(pool.submit(() -> { dump(t, dir); return null; }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        double par = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        double slowest = each.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        System.out.printf("%nbackup of all engines (dumps only): one after another %.2fs %s; in parallel %.2fs; "
                + "the slowest alone %.2fs (goal: parallel ~ slowest; %d cores here)%n", serial, each, par, slowest,
                Runtime.getRuntime().availableProcessors());
    }

    static void dump(DatabaseTarget t, Path dir) throws Exception {
        try (var out = Files.newOutputStream(dir.resolve(t.service() + ".p"))) {
            DatabaseAdapters.require(t.kind()).dump(t, out);
        }
    }

    static void seedPostgres(int port, String pw, int rows) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres",
                pw); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS events (id bigint primary key, who text, what jsonb, at timestamptz)");
            s.execute("INSERT INTO events SELECT g, 'user-' || g, jsonb_build_object('n', g, 'tag', md5(g::text)), now() "
                    + "FROM generate_series(1, " + rows + ") g ON CONFLICT DO NOTHING");
        }
    }

    static void seedMysql(String db, int rows) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/", "root", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
            s.execute("USE " + db);
            s.execute("CREATE TABLE " + db + ".events (id bigint primary key, who varchar(64), what text)");
            s.execute("INSERT INTO " + db + ".events SELECT seq, CONCAT('user-', seq), MD5(seq) FROM seq_1_to_" + rows);
        }
    }

    /** A vhost with {@code n} durable queues, n/4 exchanges, a binding per queue and a policy, in one import. */
    static void seedRabbit(String vhost, int n) throws Exception {
        StringBuilder q = new StringBuilder();
        StringBuilder x = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            q.append(i == 0 ? "" : ",").append("{\"name\":\"q").append(i).append("\",\"durable\":true,"
                    + "\"auto_delete\":false,\"arguments\":{\"x-max-length\":").append(1000 + i).append("}}");
            b.append(i == 0 ? "" : ",").append("{\"source\":\"x").append(i % Math.max(1, n / 4))
                    .append("\",\"destination\":\"q").append(i).append("\",\"destination_type\":\"queue\","
                    + "\"routing_key\":\"k").append(i).append("\",\"arguments\":{}}");
        }
        for (int i = 0; i < Math.max(1, n / 4); i++) {
            x.append(i == 0 ? "" : ",").append("{\"name\":\"x").append(i).append("\",\"type\":\"topic\","
                    + "\"durable\":true,\"auto_delete\":false,\"internal\":false,\"arguments\":{}}");
        }
        String defs = "{\"queues\":[" + q + "],\"exchanges\":[" + x + "],\"bindings\":[" + b + "],\"policies\":"
                + "[{\"name\":\"ttl\",\"pattern\":\"^q\",\"apply-to\":\"queues\",\"priority\":0,"
                + "\"definition\":{\"message-ttl\":60000}}]}";
        Path f = Files.createTempFile("rbdefs", ".json");
        Files.writeString(f, defs);
        try {
            sh(CURL + "-X PUT http://127.0.0.1:15672/api/vhosts/" + vhost
                    + " && " + CURL + "-H 'content-type: application/json' --data-binary @" + f
                    + " http://127.0.0.1:15672/api/definitions/" + vhost);
        } finally {
            Files.delete(f);
        }
    }

    /** Strings, hashes and lists, a tenth of them with a TTL. */
    static void seedRedis(int port, int n) throws Exception {
        sh("for i in $(seq 1 " + n + "); do case $((i % 3)) in 0) echo \"SET rb-bench:$i value-$i-$RANDOM\";;"
                + " 1) echo \"HSET rb-bench:h:$i f1 v$i f2 $RANDOM\";; 2) echo \"RPUSH rb-bench:l:$i a b $i\";; esac;"
                + " [ $((i % 10)) = 0 ] && echo \"EXPIRE rb-bench:$i 86400\"; done | redis-cli -p " + port
                + " --pipe > /dev/null");
    }

    /** A redis-server of the bench's own, on a free port in a temp dir, so the RDB path can restart it. */
    static final class PrivateRedis {
        final Path dir;
        final int port;

        PrivateRedis(Path dir) throws Exception {
            this.dir = dir;
            Files.createDirectories(dir);
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            start();
        }

        /** How the server is started, by the native path and by the adapter's rdb format (restart_command). */
        String startCommand() {
            return "redis-server --daemonize yes --bind 127.0.0.1 --port " + port + " --dir " + dir + " --save ''"
                    + " --appendonly no --repl-diskless-sync-delay 0 --dbfilename dump.rdb --pidfile "
                    + dir.resolve("redis.pid") + " --logfile " + dir.resolve("redis.log");
        }

        void start() throws Exception {
            sh(startCommand());
            for (int i = 0; i < 200; i++) {
                Process p = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "ping")
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).strip();
                p.waitFor();
                if (out.equals("PONG")) {
                    return;
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("private redis-server did not start: " + Files.readString(
                    dir.resolve("redis.log")));
        }

        Object restartWith(Path rdb) throws Exception {
            sh("redis-cli -p " + port + " shutdown nosave > /dev/null 2>&1 || true");
            while (Files.exists(dir.resolve("redis.pid"))) {
                Thread.sleep(5);
            }
            Files.copy(rdb, dir.resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
            start();
            return null;
        }

        void stop() throws Exception {
            sh("redis-cli -p " + port + " shutdown nosave > /dev/null 2>&1 || true");
        }
    }

    /**
     * Runs {@code cmd} with bash; no password is in it: psql and pg_dumpall get theirs from PGPASSWORD in the
     * environment, curl its login from a 0600 config file ({@link #CURL}).
     */
    static Object sh(String cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true);
        Optional.ofNullable(System.getenv("BENCH_PG_PASSWORD")).ifPresent(pw -> pb.environment().put("PGPASSWORD", pw));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed (" + p.exitValue() + "): " + cmd + ": " + out);
        }
        return null;
    }

    /** curl with the host broker's login read from a 0600 file, not from its arguments. */
    static String CURL;

    static void curlLogin(Path dir) throws IOException {
        Path f = dir.resolve("curl-login");
        Files.writeString(Files.createFile(f, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))), "user = \"guest:guest\"\n");
        CURL = "curl -sf -K " + f + " ";
    }
}
