package dev.rollback.env;

import dev.rollback.errors.EnvironmentException;
import dev.rollback.errors.UsageException;
import dev.rollback.io.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads {@code rollback.yaml} strictly: unknown keys and wrong types are errors naming the field and its line.
 * Works on YAML nodes, so scalars keep the text as written (a commit {@code 0123456} stays a string).
 *
 * <p>{@code RollbackConfig config = RollbackConfigParser.load(dir.resolve("rollback.yaml"));}
 */
final class RollbackConfigParser {
    private static final Set<String> TOP_LEVEL = Set.of(
            "baseline_commit",
            "reference_commit",
            "branch",
            "target",
            "compose_files",
            "profiles",
            "vault_key_dir",
            "backup_root",
            "phases",
            "services",
            "validation",
            "advisor");
    private static final Set<String> ADVISOR_KEYS = Set.of(
            "unhealthy_services",
            "memory_growth_percent",
            "cpu_points",
            "test_failure_percent",
            "off",
            "junit_reports",
            "then_run_once_per");
    private static final Set<String> VALIDATION_KEYS = Set.of(
            "http",
            "log_allow",
            "test_command",
            "test_timeout",
            "test_min_count",
            "memory_tolerance_percent",
            "cpu_max_percent");
    private static final Set<String> PHASE_KEYS = Set.of("description", "paths", "restart");
    private static final Set<String> SERVICE_KEYS =
            Set.of("kind", "expected_startup", "health_timeout", "tls_flag", "host", "port", "options");

    private final Path file;

    private RollbackConfigParser(Path file) {
        this.file = file;
    }

    static RollbackConfig load(Path file) {
        return new RollbackConfigParser(file).parse(YamlLimits.read(file));
    }

    private RollbackConfig parse(String text) {
        Optional<Node> root;
        try {
            root = new Compose(YamlLimits.settings(file).build()).composeString(text);
        } catch (YamlEngineException e) {
            throw YamlLimits.loadError(file, e);
        }
        if (root.isEmpty() || isNull(root.get())) {
            return RollbackConfig.ofDefaults();
        }
        Map<String, Node> top = mapping(root.get(), "", TOP_LEVEL);
        return new RollbackConfig(
                string(top.get("baseline_commit"), "baseline_commit"),
                string(top.get("reference_commit"), "reference_commit"),
                string(top.get("branch"), "branch"),
                string(top.get("target"), "target").map(t -> target(t, top.get("target"))),
                strings(top.get("compose_files"), "compose_files"),
                strings(top.get("profiles"), "profiles"),
                string(top.get("vault_key_dir"), "vault_key_dir"),
                string(top.get("backup_root"), "backup_root"),
                phases(top.get("phases")),
                services(top.get("services")),
                validation(top.get("validation")),
                advisor(top.get("advisor")));
    }

    private AdvisorSettings advisor(Node node) {
        if (node == null || isNull(node)) {
            return AdvisorSettings.ofDefaults();
        }
        Map<String, Node> f = mapping(node, "advisor", ADVISOR_KEYS);
        List<String> off = strings(f.get("off"), "advisor.off");
        for (String t : off) {
            if (!AdvisorSettings.TRIGGERS.contains(t)) {
                throw error(
                        f.get("off"),
                        "advisor.off",
                        "unknown trigger '" + t + "'; the triggers are " + String.join(", ", AdvisorSettings.TRIGGERS));
            }
        }
        return new AdvisorSettings(
                (int) advisorNumber(f, "unhealthy_services", AdvisorSettings.DEFAULT_UNHEALTHY_SERVICES),
                advisorNumber(f, "memory_growth_percent", AdvisorSettings.DEFAULT_MEMORY_GROWTH_PERCENT),
                advisorNumber(f, "cpu_points", AdvisorSettings.DEFAULT_CPU_POINTS),
                advisorNumber(f, "test_failure_percent", AdvisorSettings.DEFAULT_TEST_FAILURE_PERCENT),
                Set.copyOf(off),
                string(f.get("junit_reports"), "advisor.junit_reports").map(Path::of),
                duration(f.get("then_run_once_per"), "advisor.then_run_once_per")
                        .orElse(AdvisorSettings.DEFAULT_THEN_RUN_ONCE_PER));
    }

    private double advisorNumber(Map<String, Node> f, String key, double fallback) {
        return string(f.get(key), "advisor." + key)
                .map(t -> number(t, f.get(key), "advisor." + key))
                .orElse(fallback);
    }

    private ValidationSettings validation(Node node) {
        if (node == null || isNull(node)) {
            return ValidationSettings.ofDefaults();
        }
        Map<String, Node> f = mapping(node, "validation", VALIDATION_KEYS);
        return new ValidationSettings(
                strings(f.get("http"), "validation.http"),
                strings(f.get("log_allow"), "validation.log_allow"),
                string(f.get("test_command"), "validation.test_command"),
                duration(f.get("test_timeout"), "validation.test_timeout")
                        .orElse(ValidationSettings.DEFAULT_TEST_TIMEOUT),
                string(f.get("test_min_count"), "validation.test_min_count")
                        .map(t -> (int) number(t, f.get("test_min_count"), "validation.test_min_count")),
                string(f.get("memory_tolerance_percent"), "validation.memory_tolerance_percent")
                        .map(t -> number(t, f.get("memory_tolerance_percent"), "validation.memory_tolerance_percent"))
                        .orElse(ValidationSettings.DEFAULT_MEMORY_TOLERANCE_PERCENT),
                string(f.get("cpu_max_percent"), "validation.cpu_max_percent")
                        .map(t -> number(t, f.get("cpu_max_percent"), "validation.cpu_max_percent"))
                        .orElse(ValidationSettings.DEFAULT_CPU_MAX_PERCENT));
    }

    private double number(String text, Node node, String path) {
        double n;
        try {
            n = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw error(node, path, "expected a number, found '" + text + "'");
        }
        if (!(n >= 0) || Double.isInfinite(n)) {
            throw error(node, path, "expected a number of 0 or more, found " + text);
        }
        return n;
    }

    private Map<String, Phase> phases(Node node) {
        Map<String, Phase> phases = new LinkedHashMap<>();
        if (node == null || isNull(node)) {
            return phases;
        }
        mapping(node, "phases", null).forEach((id, value) -> {
            String path = "phases." + id;
            Map<String, Node> fields = isNull(value) ? Map.of() : mapping(value, path, PHASE_KEYS);
            phases.put(
                    id,
                    new Phase(
                            id,
                            string(fields.get("description"), path + ".description")
                                    .orElse(""),
                            strings(fields.get("paths"), path + ".paths"),
                            strings(fields.get("restart"), path + ".restart")));
        });
        return phases;
    }

    private Map<String, ServiceOverride> services(Node node) {
        Map<String, ServiceOverride> services = new LinkedHashMap<>();
        if (node == null || isNull(node)) {
            return services;
        }
        mapping(node, "services", null).forEach((name, value) -> {
            String path = "services." + name;
            Map<String, Node> f = isNull(value) ? Map.of() : mapping(value, path, SERVICE_KEYS);
            services.put(
                    name,
                    new ServiceOverride(
                            string(f.get("kind"), path + ".kind").map(k -> kind(k, f.get("kind"), path + ".kind")),
                            duration(f.get("expected_startup"), path + ".expected_startup"),
                            duration(f.get("health_timeout"), path + ".health_timeout"),
                            string(f.get("tls_flag"), path + ".tls_flag"),
                            string(f.get("host"), path + ".host"),
                            port(f.get("port"), path + ".port"),
                            options(f.get("options"), path + ".options")));
        });
        return services;
    }

    /** A mapping of scalars, as strings ({@code options: { format: rdb }}). */
    private Map<String, String> options(Node node, String path) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || isNull(node)) {
            return out;
        }
        mapping(node, path, null)
                .forEach((key, value) -> out.put(
                        key,
                        string(value, path + "." + key)
                                .orElseThrow(() -> error(value, path + "." + key, "expected a value"))));
        return out;
    }

    private Map<String, Node> mapping(Node node, String path, Set<String> allowed) {
        if (!(node instanceof MappingNode m)) {
            throw error(node, path, "expected a mapping, found " + describe(node));
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw error(t.getKeyNode(), path, "keys must be strings");
            }
            String key = k.getValue();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            if (allowed != null && !allowed.contains(key)) {
                throw error(
                        k,
                        keyPath,
                        "unknown key; known keys are "
                                + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (out.put(key, t.getValueNode()) != null) {
                throw error(k, keyPath, "given twice");
            }
        }
        return out;
    }

    private Optional<String> string(Node node, String path) {
        if (node == null || isNull(node)) {
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode s)) {
            throw error(node, path, "expected a string, found " + describe(node));
        }
        return Optional.of(s.getValue());
    }

    private List<String> strings(Node node, String path) {
        if (node == null || isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode seq)) {
            throw error(node, path, "expected a list, found " + describe(node));
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            out.add(string(item, path).orElseThrow(() -> error(item, path, "expected a string, found nothing")));
        }
        return out;
    }

    private Optional<Duration> duration(Node node, String path) {
        return string(node, path).map(text -> {
            try {
                return Durations.parse(text);
            } catch (UsageException e) {
                throw error(node, path, "expected a duration like 60s, 1m30s or PT60S, found '" + text + "'");
            }
        });
    }

    private Optional<Integer> port(Node node, String path) {
        return string(node, path).map(text -> {
            int port;
            try {
                port = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw error(node, path, "expected an integer, found '" + text + "'");
            }
            if (port < 1 || port > 65535) {
                throw error(node, path, "expected a port between 1 and 65535, found " + port);
            }
            return port;
        });
    }

    private Target target(String text, Node node) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "docker" -> Target.DOCKER;
            case "local" -> Target.LOCAL;
            default -> throw error(node, "target", "expected docker or local, found '" + text + "'");
        };
    }

    private ServiceKind kind(String text, Node node, String path) {
        String normalized = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return ServiceKind.valueOf(normalized);
        } catch (IllegalArgumentException e) {
            throw error(
                    node,
                    path,
                    "expected one of "
                            + Arrays.stream(ServiceKind.values())
                                    .map(k -> k.name().toLowerCase(Locale.ROOT))
                                    .toList() + ", found '" + text + "'");
        }
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "'" + ((ScalarNode) node).getValue() + "'";
    }

    private EnvironmentException error(Node node, String path, String message) {
        int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        return new EnvironmentException(file, line, path + ": " + message);
    }
}
