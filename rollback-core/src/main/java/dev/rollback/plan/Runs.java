package dev.rollback.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.errors.UsageException;
import dev.rollback.events.StepResult;
import dev.rollback.io.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The runs of an environment, newest first, read from {@code .rollback/runs/<id>/}: what each did, how it ended,
 * its steps and where its safety copies are; and the retention of those copies.
 *
 * <p>{@code for (RunRecord r : Runs.in(env).list()) System.out.println(r.id() + " " + r.outcome());}
 */
public final class Runs {
    static final String RESULT = "result.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Environment env;

    private Runs(Environment env) {
        this.env = env;
    }

    public static Runs in(Environment env) {
        return new Runs(env);
    }

    /** Every run, newest first; a folder that is no run (no journal) is passed over. */
    public List<RunRecord> list() {
        Path runs = env.stateDir().resolve("runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        List<RunRecord> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(runs)) {
            for (Path d : dirs.filter(Files::isDirectory)
                    .sorted(Comparator.reverseOrder())
                    .toList()) {
                if (Files.isRegularFile(d.resolve(Journal.FILE))) {
                    out.add(read(d));
                }
            }
        } catch (IOException e) {
            throw new RollbackException("cannot list the runs in " + runs + ": " + e.getMessage(), e);
        }
        // ids are by the second: two runs in one second are told apart by when their journals began
        out.sort(Comparator.comparing(RunRecord::started)
                .thenComparing(RunRecord::id)
                .reversed());
        markRunning(out);
        return out;
    }

    /** The newest run, if any. */
    public Optional<RunRecord> last() {
        return list().stream().findFirst();
    }

    /** A run by id (or a unique prefix of one), or {@code last}; a usage error naming the known ones otherwise. */
    public RunRecord find(String idOrLast) {
        List<RunRecord> all = list();
        if ("last".equals(idOrLast)) {
            return all.stream()
                    .findFirst()
                    .orElseThrow(() ->
                            new UsageException("no run yet in " + env.stateDir().resolve("runs")));
        }
        List<RunRecord> match =
                all.stream().filter(r -> r.id().startsWith(idOrLast)).toList();
        if (match.size() == 1) {
            return match.get(0);
        }
        throw new UsageException(
                (match.isEmpty() ? "no run '" + idOrLast + "'" : "'" + idOrLast + "' names " + match.size() + " runs")
                        + " in " + env.stateDir().resolve("runs") + "; the runs: "
                        + all.stream().limit(10).map(RunRecord::id).toList() + (all.size() > 10 ? " ..." : "")
                        + " (rollback history lists them all)");
    }

    /**
     * What {@link #prune} would delete: every run but the newest {@code keep}, never the newest successful run (its
     * safety copies are what undoing the current state needs), nor the runs it resumed (undone with it), nor one that
     * is running. Oldest first.
     */
    public List<RunRecord> pruneCandidates(int keep) {
        if (keep < 0) {
            throw new UsageException("prune needs --keep of 0 or more, not " + keep);
        }
        List<RunRecord> all = list();
        // the newest successful run, and the runs it resumed: their undo logs and safety copies undo it together
        Set<String> kept = new HashSet<>();
        all.stream()
                .filter(RunRecord::succeeded)
                .findFirst()
                .ifPresent(good -> chain(good, all, false).forEach(r -> kept.add(r.id())));
        List<RunRecord> out = new ArrayList<>();
        for (int i = keep; i < all.size(); i++) {
            RunRecord r = all.get(i);
            if (!"running".equals(r.outcome()) && !kept.contains(r.id())) {
                out.add(r);
            }
        }
        Collections.reverse(out);
        return out;
    }

    /**
     * The run and, when it is a resumption ({@code rollback resume}), the runs it resumed, oldest first: each one's
     * changes before the next one's. A link to a run that is gone is an error naming it (its changes cannot be
     * walked back).
     */
    public List<RunRecord> chain(RunRecord record) {
        return chain(record, list(), true);
    }

    private static List<RunRecord> chain(RunRecord record, List<RunRecord> all, boolean strict) {
        List<RunRecord> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        RunRecord r = record;
        while (r != null && seen.add(r.id())) {
            out.add(0, r);
            Optional<String> prev = r.resumes();
            RunRecord from = r;
            r = prev.flatMap(id -> all.stream().filter(x -> x.id().equals(id)).findFirst())
                    .orElse(null);
            if (r == null && prev.isPresent() && strict) {
                throw new UsageException("run " + from.id() + " resumed run " + prev.get() + ", which is no longer "
                        + "in " + from.dir().getParent() + "; its changes cannot be walked back from here");
            }
        }
        return out;
    }

    /** Deletes the {@link #pruneCandidates} with their safety copies; their ids. */
    public List<String> prune(int keep) {
        List<String> gone = new ArrayList<>();
        for (RunRecord r : pruneCandidates(keep)) {
            try {
                FileTrees.delete(r.dir());
                gone.add(r.id());
            } catch (IOException e) {
                throw new RollbackException(
                        "cannot delete run " + r.id() + " (" + e.getMessage() + "); deleted so " + "far: " + gone, e);
            }
        }
        return gone;
    }

    private RunRecord read(Path dir) {
        String id = dir.getFileName().toString();
        List<JsonNode> events = events(dir.resolve(Journal.FILE));
        String title = events.stream()
                .filter(e -> "RUN_STARTED".equals(e.path("type").asText()))
                .findFirst()
                .map(e -> e.path("message").asText())
                .orElse("");
        Instant started = events.isEmpty()
                ? Instant.EPOCH
                : Instant.parse(events.get(0).path("at").asText());
        long safety = bytes(dir.resolve("safety"));
        Path result = dir.resolve(RESULT);
        if (Files.isRegularFile(result)) {
            try {
                JsonNode r = JSON.readTree(result.toFile());
                List<StepResult> steps = new ArrayList<>();
                for (JsonNode s : r.path("steps")) {
                    List<String> details = new ArrayList<>();
                    s.path("details").forEach(d -> details.add(d.asText()));
                    steps.add(new StepResult(
                            s.path("name").asText(),
                            s.path("description").asText(),
                            StepResult.Status.valueOf(s.path("status").asText()),
                            Duration.parse(s.path("duration").asText("PT0S")),
                            details));
                }
                return new RunRecord(
                        id,
                        title,
                        started,
                        Duration.parse(r.path("duration").asText("PT0S")),
                        outcome(steps),
                        steps,
                        dir,
                        safety);
            } catch (IOException | RuntimeException e) {
                // a result cut short: the journal tells the rest
            }
        }
        return new RunRecord(
                id,
                title,
                started,
                events.isEmpty()
                        ? Duration.ZERO
                        : Duration.between(
                                started,
                                Instant.parse(
                                        events.get(events.size() - 1).path("at").asText())),
                "interrupted",
                journalSteps(events),
                dir,
                safety);
    }

    /** The steps a journal shows: finished ones, and the one it was in when it stopped. */
    private static List<StepResult> journalSteps(List<JsonNode> events) {
        Map<Integer, StepResult> steps = new LinkedHashMap<>();
        Map<Integer, List<String>> notes = new LinkedHashMap<>();
        for (JsonNode e : events) {
            int i = e.path("step").asInt(-1);
            if (i < 0) {
                continue;
            }
            String name = e.path("name").asText();
            Duration took = Duration.ofMillis(e.path("elapsedMs").asLong());
            switch (e.path("type").asText()) {
                case "STEP_STARTED" ->
                    steps.put(
                            i,
                            new StepResult(
                                    name,
                                    e.path("message").asText(),
                                    StepResult.Status.NOT_RUN,
                                    Duration.ZERO,
                                    List.of()));
                case "STEP_NOTE" ->
                    notes.computeIfAbsent(i, k -> new ArrayList<>())
                            .add(e.path("message").asText());
                case "STEP_FINISHED" ->
                    steps.put(
                            i,
                            new StepResult(
                                    name,
                                    e.path("message").asText(),
                                    StepResult.Status.SUCCEEDED,
                                    took,
                                    notes.getOrDefault(i, List.of())));
                case "STEP_SKIPPED" ->
                    steps.put(
                            i,
                            new StepResult(
                                    name,
                                    e.path("message").asText(),
                                    StepResult.Status.SKIPPED,
                                    Duration.ZERO,
                                    List.of()));
                case "STEP_FAILED" ->
                    steps.put(
                            i,
                            new StepResult(
                                    name,
                                    steps.containsKey(i) ? steps.get(i).description() : name,
                                    StepResult.Status.FAILED,
                                    took,
                                    List.of("error: " + e.path("message").asText())));
                default -> {}
            }
        }
        return List.copyOf(steps.values());
    }

    private static String outcome(List<StepResult> steps) {
        if (steps.stream()
                .allMatch(s -> s.status() == StepResult.Status.SUCCEEDED || s.status() == StepResult.Status.SKIPPED)) {
            return "succeeded";
        }
        return steps.stream().anyMatch(s -> s.status() == StepResult.Status.FAILED) ? "failed" : "refused";
    }

    /** The newest run without an end is running when the environment's lock is held by a live process. */
    private void markRunning(List<RunRecord> runs) {
        if (runs.isEmpty() || !"interrupted".equals(runs.get(0).outcome()) || !EnvironmentLock.held(env.stateDir())) {
            return;
        }
        RunRecord r = runs.get(0);
        runs.set(
                0,
                new RunRecord(
                        r.id(), r.title(), r.started(), r.duration(), "running", r.steps(), r.dir(), r.safetyBytes()));
    }

    private static List<JsonNode> events(Path journal) {
        List<JsonNode> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException torn) {
                    // a line a killed process did not finish writing
                }
            }
        } catch (IOException e) {
            throw new RollbackException("cannot read the journal " + journal + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static long bytes(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        } catch (IOException e) {
            return -1;
        }
    }
}
