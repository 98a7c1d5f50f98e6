package dev.rollback.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.Scope;
import dev.rollback.io.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a run was asked to do, kept in its folder ({@code request.json}, 0600) so that {@code rollback resume} can
 * build the same plan in a new process: the scope, the options as resolved when the run was planned (the commit's
 * full id, the branch, the backup set's folder), the facts read then that the run itself changes (which services ran
 * before it stopped them), and the plan's step names, to check that the plan built again is the same one. No secret
 * is kept: an encrypted set's passphrase is read again.
 *
 * <p>{@code RunRequest.read(run.dir()).map(RunRequest::scope) // Optional[FULL]}
 *
 * @param scope the run's scope
 * @param options option name to value ({@code commit}, {@code volumes}: {@code true})
 * @param facts what the plan was built from, by name ({@code running}: the services running before the run)
 * @param steps the names of the plan's steps, in order
 */
public record RunRequest(
        Scope scope, Map<String, String> options, Map<String, List<String>> facts, List<String> steps) {
    /** The request's file name in a run's folder. */
    public static final String FILE = "request.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public RunRequest {
        options = Map.copyOf(options);
        facts = Map.copyOf(facts);
        steps = List.copyOf(steps);
    }

    /** An option's value, if the run was given it. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** Whether a yes/no option was on. */
    public boolean flag(String name) {
        return "true".equals(options.get(name));
    }

    /** A fact, or nothing when it was not recorded. */
    public Optional<List<String>> fact(String name) {
        return Optional.ofNullable(facts.get(name));
    }

    /** Writes it into the run's folder. */
    void write(Path runDir) {
        Path file = runDir.resolve(FILE);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scope", scope.name());
        m.put("options", new TreeMap<>(options));
        m.put("facts", new TreeMap<>(facts));
        m.put("steps", steps);
        try {
            SecureFiles.writePrivate(file, JSON.writeValueAsString(m) + "\n");
        } catch (IOException e) {
            throw new RollbackException("cannot write the run's request " + file + ": " + e.getMessage(), e);
        }
    }

    /** The request kept in a run's folder; empty when it kept none (a scope that is not resumable, an older run). */
    public static Optional<RunRequest> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Stored s = JSON.readValue(file.toFile(), Stored.class);
            return Optional.of(new RunRequest(Scope.valueOf(s.scope), s.options, s.facts, s.steps));
        } catch (IOException | RuntimeException e) {
            throw new RollbackException(
                    "the run's request " + file + " cannot be read (" + e.getMessage() + "); "
                            + "undo the run instead: rollback undo " + runDir.getFileName(),
                    e);
        }
    }

    /** The file's shape. */
    private static final class Stored {
        public String scope;
        public Map<String, String> options = Map.of();
        public Map<String, List<String>> facts = Map.of();
        public List<String> steps = List.of();
    }
}
