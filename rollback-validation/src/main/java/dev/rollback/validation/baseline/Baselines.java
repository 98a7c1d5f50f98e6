package dev.rollback.validation.baseline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.rollback.backup.BackupKey;
import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.errors.RollbackException;
import dev.rollback.git.GitRepository;
import dev.rollback.spi.Connections;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerStatus;
import dev.rollback.validation.probe.HttpEndpoint;
import dev.rollback.validation.probe.HttpProbe;
import dev.rollback.validation.probe.ResourceSampler;
import dev.rollback.validation.probe.ServiceFigures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records, reads and writes baselines. The environment's own is {@code .rollback/baseline.json}; a backup of the
 * whole environment carries a copy as its {@code baseline} artifact ({@link BaselineContributor}, read with
 * {@link #fromSet}).
 *
 * <p>{@code Baseline b = Baselines.measure(env, connections); Baselines.write(env, b);}
 */
public final class Baselines {
    /** The baseline's file name, in the state directory and in a backup set. */
    public static final String FILE = "baseline.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Baselines() {}

    /** Where the environment's baseline is kept. */
    public static Path file(Environment env) {
        return env.stateDir().resolve(FILE);
    }

    /** The environment's recorded baseline, if there is one; an error naming the file when it cannot be read. */
    public static Optional<Baseline> read(Environment env) {
        Path f = file(env);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(f)) {
            return Optional.of(read(in));
        } catch (IOException e) {
            throw new RollbackException(
                    "the baseline " + f + " cannot be read (" + e.getMessage()
                            + "): record it again with rollback baseline",
                    e);
        }
    }

    /** A baseline from its JSON; an {@link IOException} when it is not one (a JSON {@code null} included). */
    public static Baseline read(InputStream in) throws IOException {
        Baseline b = JSON.readValue(in, Baseline.class);
        if (b == null) {
            throw new IOException("the JSON is null, not a baseline");
        }
        return b;
    }

    /**
     * The baseline a comparison uses when none is given: the recorded one, else the compared set's copy when it can be
     * read (an unreadable copy is the backup checks' finding, not a reason to stop).
     *
     * <p>{@code Baselines.recordedOrSet(env, Optional.of(set), key)}
     *
     * @param key the set's key, or null for a plain set
     */
    public static Optional<Baseline> recordedOrSet(Environment env, Optional<BackupSet> set, BackupKey key) {
        Optional<Baseline> recorded = read(env);
        if (recorded.isPresent() || set.isEmpty()) {
            return recorded;
        }
        try {
            return fromSet(set.get(), key);
        } catch (RollbackException e) {
            return Optional.empty();
        }
    }

    /**
     * The baseline a backup set carries ({@link BaselineContributor}), if it has one; empty too when it is encrypted
     * and no key is given. An error naming the set when it has one that cannot be read.
     *
     * <p>{@code Optional<Baseline> b = Baselines.fromSet(set, Backups.in(env).key(set));}
     *
     * @param key the set's key, or null for a plain set
     */
    public static Optional<Baseline> fromSet(BackupSet set, BackupKey key) {
        Optional<BackupManifest.Artifact> artifact = set.manifest().artifact(BaselineContributor.KIND);
        if (artifact.isEmpty() || (artifact.get().encrypted() && key == null)) {
            return Optional.empty();
        }
        try (InputStream in = set.content(artifact.get(), key)) {
            return Optional.of(read(in));
        } catch (IOException | RollbackException e) {
            String id = set.manifest().id();
            throw new RollbackException(
                    "the baseline of backup set " + id + " cannot be read (" + e.getMessage()
                            + "): check the set with rollback verify " + id + " --level restore_drill",
                    e);
        }
    }

    /** The baseline as JSON. */
    public static byte[] toJson(Baseline b) {
        try {
            return JSON.writeValueAsBytes(b);
        } catch (IOException e) {
            throw new RollbackException("could not write the baseline as JSON: " + e.getMessage(), e);
        }
    }

    /** Writes the environment's baseline (replacing the file at once) and returns where. */
    public static Path write(Environment env, Baseline b) {
        Path f = file(env);
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), "baseline", ".tmp");
            Files.write(tmp, toJson(b));
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return f;
        } catch (IOException e) {
            throw new RollbackException("could not write the baseline to " + f + ": " + e.getMessage(), e);
        }
    }

    /**
     * Measures the environment as it is now: git, the running services and networks, each running service's memory
     * and CPU over a few seconds, each HTTP endpoint's response time. Measure a healthy, settled environment.
     */
    public static Baseline measure(Environment env, Connections connections) {
        return measure(env, connections, Clock.systemUTC());
    }

    static Baseline measure(Environment env, Connections connections, Clock clock) {
        ContainerRuntime engine = connections
                .engine()
                .orElseThrow(() -> new RollbackException("the Docker engine does not answer, so there is nothing to"
                        + " measure: start it (systemctl start docker) and the environment, then record the baseline"));
        String commit = "";
        String branch = "";
        if (Files.isDirectory(env.projectDir().resolve(".git"))) {
            try (GitRepository repo = GitRepository.open(env.projectDir())) {
                commit = repo.head().id();
                branch = repo.currentBranch().orElse("");
            }
        }
        List<String> running = engine.list(env).stream()
                .filter(c -> "running".equals(c.state()))
                .map(ContainerStatus::service)
                .distinct()
                .sorted()
                .toList();
        Map<String, ServiceFigures> resources = new ResourceSampler(3).sample(engine, env, running);
        Map<String, Long> response = new LinkedHashMap<>();
        HttpProbe probe = new HttpProbe(Duration.ofSeconds(5));
        List<ServiceDefinition> services = env.catalog().services().stream()
                .filter(s -> running.contains(s.name()))
                .toList();
        for (HttpEndpoint e : HttpEndpoint.of(env.config().validation().http(), services)) {
            if (running.contains(e.service())) {
                response.put(
                        e.toString(),
                        probe.responseTime(engine, env, e, HttpProbe.RESPONSE_TRIES)
                                .toMillis());
            }
        }
        return new Baseline(clock.instant(), commit, branch, running, engine.networks(env), resources, response, -1);
    }
}
