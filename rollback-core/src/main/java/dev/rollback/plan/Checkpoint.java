package dev.rollback.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.git.CommitInfo;
import dev.rollback.git.GitRepository;
import dev.rollback.io.SecureFiles;
import dev.rollback.io.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a resumable run stood after its last finished step ({@code checkpoint.json} in its folder, replaced after
 * every step): the step, git's HEAD and the sha256 of {@code .env}. {@code rollback resume} compares them with the
 * environment now, so that nothing changed underneath is overwritten by a run that no longer knows it.
 *
 * <p>{@code Checkpoint.read(run.dir()).map(Checkpoint::head)}
 *
 * @param step the index of the last finished step (-1: none yet, the state at the start)
 * @param name that step's name (empty at the start)
 * @param head the commit HEAD named ({@code none} outside a repository)
 * @param env the sha256 of {@code .env} ({@code absent} when there is none)
 */
public record Checkpoint(int step, String name, String head, String env) {
    /** The checkpoint's file name in a run's folder. */
    public static final String FILE = "checkpoint.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The environment's state now, after step {@code step}. */
    public static Checkpoint of(Environment environment, int step, String name) {
        return new Checkpoint(
                step,
                name,
                head(environment.projectDir()),
                envHash(environment.projectDir().resolve(".env")));
    }

    /** HEAD's commit, or {@code none}. */
    public static String head(Path projectDir) {
        if (!Files.exists(projectDir.resolve(".git"))) {
            return "none";
        }
        try (GitRepository repo = GitRepository.open(projectDir)) {
            return repo.resolve("HEAD").map(CommitInfo::id).orElse("none");
        } catch (RuntimeException e) {
            return "unreadable";
        }
    }

    /** The sha256 of the file, or {@code absent}. */
    public static String envHash(Path file) {
        try {
            return Files.isRegularFile(file) ? Sha256.of(file) : "absent";
        } catch (IOException e) {
            return "unreadable";
        }
    }

    /** Replaces the run's checkpoint, atomically (a kill leaves the previous one or this one, never half). */
    void write(Path runDir) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("name", name);
        m.put("head", head);
        m.put("env", env);
        Path tmp = runDir.resolve(FILE + ".partial");
        try {
            SecureFiles.writePrivate(tmp, JSON.writeValueAsString(m) + "\n");
            Files.move(tmp, runDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new RollbackException(
                    "cannot write the run's checkpoint " + runDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /** The run's last checkpoint, if it wrote one. */
    public static Optional<Checkpoint> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            var n = JSON.readTree(file.toFile());
            return Optional.of(new Checkpoint(
                    n.path("step").asInt(-1),
                    n.path("name").asText(),
                    n.path("head").asText(),
                    n.path("env").asText()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
