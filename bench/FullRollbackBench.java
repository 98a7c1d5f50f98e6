// S1, the complete environment rollback when all services fail, timed against its floor in the same run: a DevStack
// sandbox of real containers (bench/full-rollback.sh builds it), its data seeded and backed up once; then, in pairs,
// the same breakage (data changed, the improvement commit, TLS on, VAULT_TOKEN emptied, keys rotated, every service
// recreated and failing) followed once by `rollback full --from-backup <set> --volumes --databases` (a new JVM, as an
// operator runs it) and once by bench/full-rollback-floor.sh (native tools, no safety copies, no checks). Prints each
// pair, the medians, the ratio, and where the SDK's time goes (its steps, from the run's result.json).
import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.io.FileTrees;
import dev.rollback.io.SecureFiles;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerRuntimes;
import dev.rollback.validation.devstack.Breakage;
import dev.rollback.validation.devstack.DevStackSandbox;
import dev.rollback.validation.devstack.SandboxData;
import dev.rollback.validation.devstack.SandboxServices;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class FullRollbackBench {
    public static void main(String[] a) throws Exception {
        int runs = Integer.parseInt(a.length > 0 ? a[0] : "3");
        String cli = a.length > 1 ? a[1] : "rollback";
        Path floorScript = Path.of(a.length > 2 ? a[2] : "bench/full-rollback-floor.sh").toAbsolutePath();
        Path root = Files.createTempDirectory("rb-full-bench-");
        DevStackSandbox s = DevStackSandbox.create(root, "main");
        try (ContainerRuntime rt = ContainerRuntimes.connect(s.environment(), Duration.ofSeconds(5)).orElseThrow()) {
            SandboxServices services = s.services(rt);
            SandboxData data = new SandboxData(s, services);
            try {
                System.out.println("setting up the sandbox (not measured): start, seed, backup, native copies");
                services.start(line -> System.out.println("  " + line));
                data.seed();
                run(List.of(cli, "-C", s.home().toString(), "backup"), root.resolve("backup.log"));
                BackupSet set = Backups.in(s.environment()).list().get(0);
                Path nat = natives(s, set, data, root.resolve("native"));
                List<double[]> pairs = new ArrayList<>();
                Map<String, List<Double>> steps = new TreeMap<>();
                Map<String, List<Double>> phases = new LinkedHashMap<>();
                for (int i = 1; i <= runs; i++) {
                    Breakage.allServicesFailing(s, services, data);
                    long t0 = System.nanoTime();
                    run(List.of(cli, "-C", s.home().toString(), "full", "--from-backup", set.manifest().id(),
                            "--volumes", "--databases", "--json"), root.resolve("sdk-" + i + ".json"));
                    double sdk = (System.nanoTime() - t0) / 1e9;
                    stepTimes(Files.readString(root.resolve("sdk-" + i + ".json")), steps);
                    Breakage.allServicesFailing(s, services, data);
                    t0 = System.nanoTime();
                    String out = run(List.of("bash", floorScript.toString(), s.home().toString(), nat.toString(),
                            s.baseline().id(), s.keyDir().toString()), root.resolve("floor-" + i + ".log"));
                    double floor = (System.nanoTime() - t0) / 1e9;
                    floorPhases(out, phases);
                    services.awaitHealthy(s.environment(), List.of("postgres", "mysql", "rabbitmq"));
                    System.out.printf("pair %d: rollback %.1f s, floor %.1f s, ratio %.2f%n", i, sdk, floor, sdk / floor);
                    pairs.add(new double[] {sdk, floor, sdk / floor});
                }
                report(pairs, steps, phases);
            } catch (Exception | Error e) {
                e.printStackTrace(); // before the clean-up below, whose own failure would hide it
                throw e;
            } finally {
                services.down();
                FileTrees.delete(root);
            }
        }
    }

    /** What the floor restores from: plain tars, the key directory, .env, and the native dumps (0600). */
    static Path natives(DevStackSandbox s, BackupSet set, SandboxData data, Path dir) throws Exception {
        Files.createDirectories(dir.resolve("volumes"));
        for (BackupManifest.Artifact x : set.manifest().artifacts()) {
            if (x.kind().equals("volume")) {
                try (InputStream in = set.content(x, null)) {
                    Files.copy(in, dir.resolve("volumes").resolve(x.service() + ".tar"));
                }
            }
        }
        copyTree(s.keyDir(), dir.resolve("keys"));
        Files.copy(s.home().resolve(".env"), dir.resolve("env"));
        SecureFiles.writePrivate(dir.resolve("postgres.sql"), data.psqlDump());
        SecureFiles.writePrivate(dir.resolve("mysql.sql"), data.mysqlDump());
        SecureFiles.writePrivate(dir.resolve("mysql.env"), "MYSQL_PWD=" + s.secrets().field("mysql", "root_password")
                + "\n");
        SecureFiles.writePrivate(dir.resolve("rabbitmq.json"), data.rabbit("GET", "/api/definitions", null));
        SecureFiles.writePrivate(dir.resolve("rabbitmq.curl"), "user = \"" + s.secrets().field("rabbitmq", "user")
                + ":" + s.secrets().field("rabbitmq", "password") + "\"\n");
        return dir;
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static String run(List<String> cmd, Path log) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd.subList(0, Math.min(4, cmd.size()))) + " failed ("
                    + p.exitValue() + "): " + Files.readString(log));
        }
        return Files.readString(log);
    }

    static final Pattern STEP = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"[^}]*?\"duration\"\\s*:\\s*\"PT([^\"]+)\"");

    static void stepTimes(String json, Map<String, List<Double>> steps) {
        Map<String, Double> run = new LinkedHashMap<>();
        Matcher m = STEP.matcher(json.substring(json.indexOf("\"steps\"")));
        while (m.find()) {
            run.merge(m.group(1), seconds(m.group(2)), Double::sum);
        }
        run.forEach((k, v) -> steps.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }

    static double seconds(String iso) { // 1M2.5S, 4.2S
        double s = 0;
        Matcher m = Pattern.compile("(?:(\\d+)H)?(?:(\\d+)M)?(?:([\\d.]+)S)?").matcher(iso);
        if (m.matches()) {
            s += m.group(1) == null ? 0 : Double.parseDouble(m.group(1)) * 3600;
            s += m.group(2) == null ? 0 : Double.parseDouble(m.group(2)) * 60;
            s += m.group(3) == null ? 0 : Double.parseDouble(m.group(3));
        }
        return s;
    }

    static void floorPhases(String out, Map<String, List<Double>> phases) {
        double last = -1;
        for (String line : out.split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length != 2 || !f[1].matches("[\\d.]+")) {
                continue;
            }
            double t = Double.parseDouble(f[1]);
            if (last >= 0) {
                phases.computeIfAbsent(f[0], x -> new ArrayList<>()).add(t - last);
            }
            last = t;
        }
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    static void report(List<double[]> pairs, Map<String, List<Double>> steps, Map<String, List<Double>> phases) {
        List<Double> sdk = pairs.stream().map(p -> p[0]).toList();
        List<Double> floor = pairs.stream().map(p -> p[1]).toList();
        List<Double> ratio = pairs.stream().map(p -> p[2]).toList();
        System.out.printf("%nS1 over %d pairs (seconds; min / median / max)%n", pairs.size());
        System.out.printf("  rollback full (wall, a new JVM)  %5.1f / %5.1f / %5.1f   goal < 60%n", min(sdk), median(sdk),
                max(sdk));
        System.out.printf("  floor (native tools)             %5.1f / %5.1f / %5.1f%n", min(floor), median(floor),
                max(floor));
        System.out.printf("  ratio, pair by pair              %5.2f / %5.2f / %5.2f   goal <= 1.5%n", min(ratio),
                median(ratio), max(ratio));
        System.out.println("\nwhere the rollback's time goes (medians of its steps, seconds):");
        steps.forEach((k, v) -> System.out.printf("  %-22s %6.2f%n", k, median(v)));
        System.out.println("\nthe floor's phases (medians, seconds):");
        phases.forEach((k, v) -> System.out.printf("  %-22s %6.2f%n", k, median(v)));
    }

    static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
