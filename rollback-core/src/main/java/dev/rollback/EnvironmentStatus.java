package dev.rollback;

import dev.rollback.env.EnvFile;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.errors.RollbackException;
import dev.rollback.git.CommitInfo;
import dev.rollback.git.GitRepository;
import dev.rollback.git.WorkTreeStatus;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerStatus;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A summary of an environment as it is now: project, git, TLS flags, key directory, and each service with its
 * live container state when an engine answers.
 *
 * <p>{@code EnvironmentStatus s = EnvironmentStatus.of(env, ContainerRuntimes.connect(env, timeout));}
 *
 * @param project the compose project name
 * @param projectDir the project directory
 * @param composeFiles the compose files, relative to the project where possible
 * @param target docker or local
 * @param git the git state, empty when the directory is no git repository
 * @param tlsFlags every {@code *_ENABLE_TLS} value of {@code .env}, in file order
 * @param vaultKeyDir the Vault key directory
 * @param vaultKeysPresent whether it holds keys.json and root-token
 * @param engine the engine's description, empty when none answered
 * @param services every service of the catalog with its live state
 */
public record EnvironmentStatus(
        String project,
        String projectDir,
        List<String> composeFiles,
        String target,
        Optional<GitState> git,
        Map<String, String> tlsFlags,
        String vaultKeyDir,
        boolean vaultKeysPresent,
        Optional<String> engine,
        List<ServiceState> services) {

    /**
     * @param branch the branch, or empty when detached
     * @param commit the HEAD commit's short id
     * @param subject its subject line
     * @param dirty whether there are uncommitted changes or untracked files
     * @param changed how many tracked files differ from HEAD
     * @param untracked how many untracked files there are
     */
    public record GitState(
            Optional<String> branch, String commit, String subject, boolean dirty, int changed, int untracked) {}

    /**
     * @param name the service
     * @param kind what it is
     * @param profiles its profiles (empty: always starts)
     * @param container its container name
     * @param state the live state ({@code running}, {@code exited}, ..., {@code absent} when it has no container,
     *              {@code unknown} when no engine answered)
     * @param health {@code healthy}/{@code unhealthy}/{@code starting}, empty when not known or no healthcheck
     */
    public record ServiceState(
            String name, String kind, List<String> profiles, String container, String state, Optional<String> health) {}

    /** Gathers the status; reads only, changes nothing. */
    public static EnvironmentStatus of(Environment env, Optional<ContainerRuntime> runtime) {
        Map<String, ContainerStatus> live = new LinkedHashMap<>();
        runtime.ifPresent(rt -> rt.list(env).forEach(c -> live.putIfAbsent(c.service(), c)));
        List<ServiceState> services = new ArrayList<>();
        for (ServiceDefinition s : env.catalog().services()) {
            ContainerStatus c = live.get(s.name());
            String state = runtime.isEmpty() ? "unknown" : c == null ? "absent" : c.state();
            services.add(new ServiceState(
                    s.name(),
                    s.kind().name().toLowerCase(Locale.ROOT),
                    s.profiles(),
                    s.containerName(),
                    state,
                    c == null ? Optional.empty() : c.health()));
        }
        Map<String, String> tls = new LinkedHashMap<>();
        if (Files.isRegularFile(env.envFile())) {
            EnvFile.load(env.envFile()).values().forEach((k, v) -> {
                if (k.endsWith("_ENABLE_TLS")) {
                    tls.put(k, v);
                }
            });
        }
        List<String> compose = env.composeFiles().stream()
                .map(p -> p.startsWith(env.projectDir())
                        ? env.projectDir().relativize(p).toString()
                        : p.toString())
                .toList();
        boolean keys = Files.isRegularFile(env.vaultKeyDir().resolve("keys.json"))
                && Files.isRegularFile(env.vaultKeyDir().resolve("root-token"));
        return new EnvironmentStatus(
                env.projectName(),
                env.projectDir().toString(),
                compose,
                env.target().name().toLowerCase(Locale.ROOT),
                git(env),
                tls,
                env.vaultKeyDir().toString(),
                keys,
                runtime.map(ContainerRuntime::describe),
                services);
    }

    private static Optional<GitState> git(Environment env) {
        if (!Files.exists(env.projectDir().resolve(".git"))) {
            return Optional.empty();
        }
        try (GitRepository repo = GitRepository.open(env.projectDir())) {
            CommitInfo head = repo.head();
            WorkTreeStatus st = repo.status();
            int changed = st.modified().size()
                    + st.added().size()
                    + st.removed().size()
                    + st.conflicting().size();
            return Optional.of(new GitState(
                    repo.currentBranch(),
                    head.shortId(),
                    head.subject(),
                    !st.clean(),
                    changed,
                    st.untracked().size()));
        } catch (RollbackException e) {
            return Optional.empty();
        }
    }
}
