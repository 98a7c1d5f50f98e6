// The adapters' dump + restore against the engines' own tools run directly, same data, same run; and backing up
// all engines in parallel against one after another. Run by bench/database-overhead.sh (single-file program on the
// CLI jar's class path). Uses only data it creates: a MariaDB database and Redis keys with a random prefix on the
// host servers, and a throwaway local/postgres:15 container (pg_dumpall replaces a whole cluster).
import dev.rollback.env.ServiceKind;
import dev.rollback.spi.*;
import java.nio.file.*;
import java.sql.*;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.*;

public class DatabaseBench {
    static final String RUN = Long.toHexString(System.nanoTime() & 0xffffff);

    public static void main(String[] a) throws Exception {
        int rows = Integer.parseInt(a.length > 0 ? a[0] : "200000");
        int pgPort = Integer.parseInt(a[1]);
        String pgPassword = System.getenv("BENCH_PG_PASSWORD");
        Path dir = Files.createTempDirectory("rbdb");
        DatabaseTarget pg = DatabaseTarget.custom("postgres", ServiceKind.POSTGRES).host("127.0.0.1").port(pgPort)
                .user("postgres").password(pgPassword).operationTimeout(Duration.ofMinutes(10)).build();
        String myDb = "rb_bench_" + RUN;
        DatabaseTarget my = DatabaseTarget.custom("mysql", ServiceKind.MYSQL).host("127.0.0.1").port(3306).user("root")
                .password("").scope(List.of(myDb)).operationTimeout(Duration.ofMinutes(10)).build();
        String keys = "rb-bench:" + RUN + ":*";
        DatabaseTarget redis = DatabaseTarget.custom("redis-1", ServiceKind.REDIS).host("127.0.0.1").port(6379)
                .scope(List.of(keys)).operationTimeout(Duration.ofMinutes(10)).build();
        try {
            seedPostgres(pgPort, pgPassword, rows);
            seedMysql(myDb, rows);
            seedRedis(RUN, rows / 4);
            System.out.printf("data: %d rows in PostgreSQL and in MariaDB, %d Redis keys%n%n", rows, rows / 4);
            System.out.printf("%-12s %10s %10s %10s %10s %9s%n", "engine", "adapter", "native", "dump MB", "overhead",
                    "(goal <=10%)");
            row("postgresql", pg, dir, () -> nativePostgres(pgPort, pgPassword, dir));
            row("mariadb", my, dir, () -> nativeMysql(myDb, dir));
            row("redis", redis, dir, () -> Double.NaN);
            parallel(List.of(pg, my, redis), dir);
        } finally {
            try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/".replace("mariadb", "mysql"),
                    "root", ""); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + myDb);
            }
            sh("redis-cli --scan --pattern '" + keys + "' | xargs -r -n 1000 redis-cli del > /dev/null");
        }
    }

    interface Timed { double run() throws Exception; }

    /** Dump + restore through the adapter (no safety dump, like the native pair) vs the native pair. */
    static void row(String name, DatabaseTarget t, Path dir, Timed nativeRun) throws Exception {
        DatabaseAdapter ad = DatabaseAdapters.require(t.kind());
        Path f = dir.resolve(name + ".dump");
        long t0 = System.nanoTime();
        try (var out = Files.newOutputStream(f)) {
            ad.dump(t, out);
        }
        ad.restore(t, DumpSource.ofFile(f), RestoreOptions.ofDefaults().withoutSafetyDump());
        double adapter = (System.nanoTime() - t0) / 1e9;
        double nat = nativeRun.run();
        System.out.printf("%-12s %9.2fs %9s %10.1f %10s%n", name, adapter, Double.isNaN(nat) ? "n/a" :
                String.format("%.2fs", nat), Files.size(f) / 1e6, Double.isNaN(nat) ? "n/a"
                : String.format("%+.0f%%", (adapter / nat - 1) * 100));
    }

    static double nativePostgres(int port, String pw, Path dir) throws Exception {
        long t0 = System.nanoTime();
        sh("PGPASSWORD='" + pw + "' pg_dumpall --clean --if-exists -h 127.0.0.1 -p " + port + " -U postgres > "
                + dir.resolve("native.sql") + " && PGPASSWORD='" + pw + "' psql -q -h 127.0.0.1 -p " + port
                + " -U postgres -d postgres -f " + dir.resolve("native.sql") + " > /dev/null 2>&1 || true");
        return (System.nanoTime() - t0) / 1e9;
    }

    static double nativeMysql(String db, Path dir) throws Exception {
        long t0 = System.nanoTime();
        sh("mariadb-dump -h 127.0.0.1 -uroot --single-transaction --routines --triggers --events --hex-blob "
                + "--databases " + db + " > " + dir.resolve("native-my.sql") + " && mariadb -h 127.0.0.1 -uroot < "
                + dir.resolve("native-my.sql"));
        return (System.nanoTime() - t0) / 1e9;
    }

    static void parallel(List<DatabaseTarget> targets, Path dir) throws Exception {
        Map<String, Double> each = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        for (DatabaseTarget t : targets) {
            long s = System.nanoTime();
            dump(t, dir);
            each.put(t.service(), (System.nanoTime() - s) / 1e9);
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
                + "the slowest alone %.2fs (goal: parallel ~ slowest; 2 cores here)%n", serial, each, par, slowest);
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

    static void seedRedis(String run, int n) throws Exception {
        sh("for i in $(seq 1 " + n + "); do echo \"SET rb-bench:" + run + ":$i value-$i\"; done | redis-cli --pipe "
                + "> /dev/null");
    }

    static void sh(String cmd) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed (" + p.exitValue() + "): " + out);
        }
    }
}
