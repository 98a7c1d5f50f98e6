package dev.rollback.cli;

import dev.rollback.EnvironmentStatus;
import dev.rollback.EnvironmentStatus.ServiceState;
import dev.rollback.env.Environment;
import dev.rollback.errors.ExitCode;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerRuntimes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rollback status}: the environment at a glance; reads only.
 *
 * <p>{@code rollback status --json | jq '.services[] | select(.state != "running")'}
 */
@Command(
        name = "status",
        description = "Show the environment: project, git, TLS flags, Vault keys, services.",
        footer = {"", "Examples:", "  rollback status", "  rollback -C ~/devstack-core status --json"})
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(
            names = "--engine-timeout",
            paramLabel = "<duration>",
            defaultValue = "2s",
            description = "How long to wait for the container engine (default: ${DEFAULT-VALUE}).")
    Duration engineTimeout;

    @Override
    public Integer call() {
        Environment env = Environment.load(root.home());
        Optional<ContainerRuntime> rt = ContainerRuntimes.connect(env, engineTimeout);
        try {
            EnvironmentStatus status = EnvironmentStatus.of(env, rt);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Json.print(out, status);
            } else {
                print(out, status);
            }
        } finally {
            rt.ifPresent(ContainerRuntime::close);
        }
        return ExitCode.SUCCESS;
    }

    private static void print(PrintWriter out, EnvironmentStatus s) {
        out.printf("Project      %s (%s target)%n", s.project(), s.target());
        out.printf("Directory    %s%n", s.projectDir());
        out.printf("Compose      %s%n", String.join(", ", s.composeFiles()));
        out.printf(
                "Git          %s%n",
                s.git()
                        .map(g -> g.branch().orElse("(detached)") + " at " + g.commit() + " "
                                + g.subject()
                                + (g.dirty()
                                        ? " — dirty: " + g.changed() + " changed, " + g.untracked() + " untracked"
                                        : " — clean"))
                        .orElse("not a git repository"));
        out.printf(
                "Vault keys   %s (%s)%n",
                s.vaultKeyDir(),
                s.vaultKeysPresent() ? "keys.json and root-token present" : "keys.json or root-token missing");
        out.printf(
                "TLS flags    %s%n",
                s.tlsFlags().isEmpty()
                        ? "none in .env"
                        : s.tlsFlags().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .reduce((a, b) -> a + " " + b)
                                .orElse(""));
        out.printf("Engine       %s%n", s.engine().orElse("not reachable: live state unknown"));
        out.printf("%nServices (%d)%n", s.services().size());
        out.printf("  %-18s %-14s %-22s %-20s %s%n", "SERVICE", "KIND", "PROFILES", "CONTAINER", "STATE");
        for (ServiceState svc : s.services()) {
            out.printf(
                    "  %-18s %-14s %-22s %-20s %s%n",
                    svc.name(),
                    svc.kind(),
                    svc.profiles().isEmpty() ? "(always)" : String.join(",", svc.profiles()),
                    svc.container(),
                    svc.state() + svc.health().map(h -> " (" + h + ")").orElse(""));
        }
        out.flush();
    }
}
