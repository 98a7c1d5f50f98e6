package dev.rollback.cli;

import dev.rollback.env.Environment;
import dev.rollback.errors.ExitCode;
import dev.rollback.errors.Problem;
import dev.rollback.errors.UsageException;
import dev.rollback.errors.VerificationException;
import dev.rollback.events.RollbackResult;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.RunSettings;
import dev.rollback.vault.HealthStatus;
import dev.rollback.vault.KeyDirectory;
import dev.rollback.vault.KeyFile;
import dev.rollback.vault.SealStatus;
import dev.rollback.vault.SecretIdStatus;
import dev.rollback.vault.UnsealResult;
import dev.rollback.vault.VaultClient;
import dev.rollback.vault.VaultSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rollback vault}: seal status, unseal from the key directory, and the key directory's backup, restore and
 * verification. No key or token is ever printed.
 *
 * <p>{@code rollback vault unseal && rollback vault status --json}
 */
@Command(
        name = "vault",
        description = "Vault: status, unseal, key directory backup/restore/verify.",
        subcommands = {VaultCommand.Status.class, VaultCommand.Unseal.class, VaultCommand.Keys.class},
        footer = {"", "Examples:", "  rollback vault status", "  rollback vault keys backup ~/vault-backup-20251114"})
final class VaultCommand {
    @ParentCommand
    RootCommand root;

    /** Options every vault subcommand shares. */
    static final class Target {
        @Option(
                names = "--address",
                paramLabel = "<url>",
                description = "Vault's address (default: $VAULT_ADDR, else http://localhost:8200).")
        String address;

        @Option(
                names = "--timeout",
                paramLabel = "<duration>",
                defaultValue = "5s",
                description = "Timeout of each call to Vault (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        VaultSettings settings(Environment env) {
            VaultSettings s = VaultSettings.from(env).withTimeout(timeout);
            return address == null ? s : s.withAddress(address);
        }
    }

    /** What {@code status} and {@code unseal} share: Vault's address and timeout, {@code --json}, the output. */
    abstract static class VaultCall implements Callable<Integer> {
        @ParentCommand
        VaultCommand vault;

        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        /** A client for the environment's Vault, as the options change its settings. */
        VaultClient connect() {
            return VaultClient.connect(target.settings(env(vault.root)));
        }

        /** Prints {@code json} with {@code --json}, else the text {@code text} writes. */
        void print(Supplier<Object> json, Consumer<PrintWriter> text) {
            VaultCommand.print(spec.commandLine().getOut(), target.json, json, text);
        }
    }

    static Environment env(RootCommand root) {
        return Environment.load(root.home());
    }

    /** Prints {@code json} as JSON when {@code asJson}, else the text {@code text} writes; flushed either way. */
    static void print(PrintWriter out, boolean asJson, Supplier<Object> json, Consumer<PrintWriter> text) {
        if (asJson) {
            Json.print(out, json.get());
        } else {
            text.accept(out);
            out.flush();
        }
    }

    @Command(
            name = "status",
            description = "Seal status and health of Vault, and when the key directory's AppRole "
                    + "secret-ids expire (warning when fewer than --warn-days are left).",
            footer = {
                "",
                "Examples:",
                "  rollback vault status --warn-days 14",
                "  rollback vault status --address http://localhost:8200 --json"
            })
    static final class Status extends VaultCall {
        @Option(
                names = "--warn-days",
                paramLabel = "<days>",
                defaultValue = "7",
                description =
                        "Warn when an AppRole "
                                + "secret-id expires within this many days (default: ${DEFAULT-VALUE}; DevStack Core issues 30).")
        int warnDays;

        @Override
        public Integer call() {
            if (warnDays < 0) {
                throw new UsageException("--warn-days must be 0 or more, got " + warnDays);
            }
            try (VaultClient c = connect()) {
                SealStatus s = c.status();
                HealthStatus h = c.health();
                List<String> roles = SecretIdStatus.rolesIn(c.settings().keyDir());
                List<SecretIdStatus> appRoles = s.sealed() || roles.isEmpty()
                        ? List.of()
                        : SecretIdStatus.check(c, roles, Duration.ofDays(warnDays), Instant.now());
                print(
                        () -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("address", c.settings().address());
                            m.put("seal", s);
                            m.put("health", h);
                            m.put("healthState", h.state());
                            m.put("warnDays", warnDays);
                            m.put("appRoles", appRoles);
                            return m;
                        },
                        out -> {
                            out.printf("Vault        %s%n", c.settings().address());
                            out.printf("Initialized  %s%n", s.initialized());
                            out.printf("Sealed       %s%n", s.sealed());
                            out.printf(
                                    "Keys         threshold %d of %d shares, progress %d%n",
                                    s.threshold(), s.shares(), s.progress());
                            out.printf("Health       %s (HTTP %d)%n", h.state(), h.code());
                            if (s.sealed() && !roles.isEmpty()) {
                                out.printf("AppRoles     not checked while Vault is sealed%n");
                            }
                            String label = "AppRoles";
                            for (SecretIdStatus a : appRoles) {
                                out.printf("%-12s %s%s%n", label, a.needsAttention() ? "WARNING " : "", a.message());
                                label = "";
                            }
                        });
                return s.sealed() ? ExitCode.FAILURE : ExitCode.SUCCESS;
            }
        }
    }

    @Command(
            name = "unseal",
            description = "Unseal Vault with the key directory's keys.json (keys never shown).",
            footer = {"", "Examples:", "  rollback vault unseal", "  rollback vault unseal --timeout 30s"})
    static final class Unseal extends VaultCall {

        @Override
        public Integer call() {
            try (VaultClient c = connect()) {
                UnsealResult r = c.unseal(KeyFile.load(c.settings().keyDir()));
                print(
                        () -> Map.of(
                                "unsealed",
                                r.unsealed(),
                                "wasSealed",
                                r.wasSealed(),
                                "keysSubmitted",
                                r.keysSubmitted(),
                                "after",
                                r.after()),
                        out -> out.println(r.describe()));
                return r.unsealed() ? ExitCode.SUCCESS : ExitCode.FAILURE;
            }
        }
    }

    @Command(
            name = "keys",
            description = "The Vault key directory: backup, restore, verify.",
            subcommands = {KeysBackup.class, KeysRestore.class, KeysVerify.class},
            footer = {
                "",
                "Examples:",
                "  rollback vault keys verify",
                "  rollback vault keys restore ~/vault-backup-20251114 --dry-run"
            })
    static final class Keys {
        @ParentCommand
        VaultCommand vault;
    }

    @Command(
            name = "verify",
            description = "Check keys.json, the key count, root-token and file modes.",
            footer = {
                "",
                "Examples:",
                "  rollback vault keys verify",
                "  rollback vault keys verify ~/vault-backup-20251114 --json"
            })
    static final class KeysVerify implements Callable<Integer> {
        @ParentCommand
        Keys keys;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Parameters(arity = "0..1", paramLabel = "<dir>", description = "A key directory (default: the environment's).")
        Path dir;

        @Override
        public Integer call() {
            Path d = dir != null ? dir : env(keys.vault.root).vaultKeyDir();
            List<Problem> problems = KeyDirectory.of(d).verify();
            print(
                    spec.commandLine().getOut(),
                    json,
                    () -> Map.of(
                            "dir",
                            d.toString(),
                            "ok",
                            problems.stream().noneMatch(Problem::blocking),
                            "problems",
                            problems),
                    out -> {
                        out.println(problems.isEmpty() ? d + ": ok" : d + ":");
                        problems.forEach(p -> out.println("  " + (p.blocking() ? "FAIL " : "warn ") + p));
                    });
            if (problems.stream().anyMatch(Problem::blocking)) {
                throw new VerificationException(
                        "the Vault key directory " + d,
                        problems.stream()
                                .filter(Problem::blocking)
                                .map(Problem::toString)
                                .toList());
            }
            return ExitCode.SUCCESS;
        }
    }

    @Command(
            name = "backup",
            description = "Copy the key directory to <target> (modes kept, checksums checked).",
            footer = {"", "Examples:", "  rollback vault keys backup ~/vault-backup-20251114"})
    static final class KeysBackup implements Callable<Integer> {
        @ParentCommand
        Keys keys;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "<target>", description = "A new directory for the copy.")
        Path target;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Override
        public Integer call() {
            Path d = env(keys.vault.root).vaultKeyDir();
            Path to = target.toAbsolutePath().normalize();
            int n = KeyDirectory.of(d).backup(to);
            print(
                    spec.commandLine().getOut(),
                    json,
                    () -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("source", d.toString());
                        m.put("target", to.toString());
                        m.put("files", n);
                        m.put("checksumsVerified", true);
                        return m;
                    },
                    out -> {
                        if (Files.isSymbolicLink(d)) {
                            out.println(d + " is a link: followed it, copying the files it leads to");
                        }
                        out.println(
                                "copied " + n + " files of " + d + " to " + to + " (modes kept, checksums checked)");
                    });
            return ExitCode.SUCCESS;
        }
    }

    @Command(
            name = "restore",
            description = "Restore the key directory from <source>; the current one is moved "
                    + "aside into the run's safety area, never deleted.",
            footer = {
                "",
                "Examples:",
                "  rollback vault keys restore ~/vault-backup-20251114 --dry-run",
                "  rollback vault keys restore ~/vault-backup-20251114"
            })
    static final class KeysRestore implements Callable<Integer> {
        @ParentCommand
        Keys keys;

        @Spec
        CommandSpec spec;

        @Mixin
        PlanOptions options;

        @Parameters(paramLabel = "<source>", description = "A saved key directory.")
        Path source;

        @Override
        public Integer call() {
            Environment env = env(keys.vault.root);
            PrintWriter out = spec.commandLine().getOut();
            RunSettings run = options.json
                    ? RunSettings.ofDefaults()
                    : RunSettings.ofDefaults().withListener(new StepPrinter(out, ""));
            try (RollbackPlan plan = KeyDirectory.restorePlan(env, source, run)) {
                if (options.dryRun) {
                    List<Problem> problems = plan.preflight();
                    print(out, options.json, () -> Map.of("title", plan.title(), "problems", problems), o -> {
                        o.print(plan.render());
                        o.println("Dry run: nothing was changed.");
                    });
                    return problems.stream().anyMatch(Problem::blocking)
                            ? ExitCode.PREFLIGHT_REFUSED
                            : ExitCode.SUCCESS;
                }
                RollbackResult result = plan.execute();
                print(out, options.json, () -> result, o -> {});
                return result.succeeded() ? ExitCode.SUCCESS : ExitCode.FAILURE;
            }
        }
    }
}
