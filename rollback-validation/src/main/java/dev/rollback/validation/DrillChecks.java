package dev.rollback.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollback.events.RollbackResult;
import dev.rollback.git.CommitInfo;
import dev.rollback.git.GitRepository;
import dev.rollback.git.StashRef;
import dev.rollback.io.FileTrees;
import dev.rollback.io.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The runbook's post-rollback checklist items that a sandbox can prove: git state, {@code .env}, Vault keys, and that
 * nothing the rollback replaced was lost.
 *
 * <p>{@code List<CheckResult> checks = new DrillChecks(sandbox, snapshot, result).run();}
 */
final class DrillChecks {
    private final Sandbox sandbox;
    private final Path snapshot;
    private final RollbackResult result;

    DrillChecks(Sandbox sandbox, Path snapshot, RollbackResult result) {
        this.sandbox = sandbox;
        this.snapshot = snapshot;
        this.result = result;
    }

    List<CheckResult> run() throws IOException {
        List<CheckResult> out = new ArrayList<>();
        try (GitRepository repo = GitRepository.open(sandbox.dir())) {
            CommitInfo head = repo.head();
            out.add(CheckResult.of(
                    "git",
                    "branch main",
                    repo.currentBranch().filter("main"::equals).isPresent(),
                    "on " + repo.currentBranch().orElse("a detached HEAD")));
            out.add(CheckResult.of(
                    "git",
                    "commit " + sandbox.baseline().shortId() + " (baseline)",
                    head.id().equals(sandbox.baseline().id()),
                    "HEAD " + head.shortId() + " " + head.subject()));
            out.add(CheckResult.of(
                    "git",
                    "no uncommitted changes, no untracked files",
                    repo.status().clean(),
                    repo.status().clean() ? "" : repo.status().toString()));
            Optional<StashRef> stash = repo.stashes().stream()
                    .filter(s -> s.message().contains("rollback-stash-"))
                    .findFirst();
            out.add(CheckResult.of(
                    "git",
                    "work in progress kept in a rollback-stash",
                    stash.isPresent(),
                    stash.map(StashRef::message).orElse("no rollback-stash-* entry")));
        }
        for (String s : Sandbox.SERVICES) {
            Path init = sandbox.dir().resolve("configs/" + s + "/scripts/init.sh");
            String text = Files.readString(init, StandardCharsets.UTF_8);
            out.add(CheckResult.of(
                    s,
                    "init.sh uses root-token authentication (no AppRole)",
                    text.contains("VAULT_TOKEN") && !text.contains("APPROLE"),
                    init.getFileName().toString()));
        }
        Path env = sandbox.dir().resolve(".env");
        long mismatch = Files.mismatch(env, snapshot.resolve("env_backup"));
        out.add(CheckResult.of(
                ".env",
                "matches the baseline (env_backup)",
                mismatch == -1,
                mismatch == -1 ? "" : "first difference at byte " + mismatch));
        out.add(CheckResult.of(".env", "no TLS enabled", !Files.readString(env).contains("ENABLE_TLS=true"), ""));
        Map<String, String> want = FileTrees.checksums(snapshot.resolve("vault-keys"));
        Map<String, String> got = FileTrees.checksums(sandbox.keyDir());
        out.add(CheckResult.of(
                "vault keys",
                "restored (" + want.size() + " files, sha256 equal)",
                got.equals(want),
                got.equals(want) ? "" : "differs: " + differing(want, got)));
        out.add(keysArePrivate());
        out.add(rootTokenMatches());
        out.add(CheckResult.of(
                "safety",
                "the replaced key directory was kept, not deleted",
                keptAside(),
                "in .rollback/runs/" + result.runId() + "/safety"));
        return out;
    }

    private CheckResult keysArePrivate() throws IOException {
        List<String> loose = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sandbox.keyDir())) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                if (SecureFiles.isOpenToOthers(f)) {
                    loose.add(sandbox.keyDir().relativize(f).toString());
                }
            }
        }
        return CheckResult.of(
                "vault keys",
                "key files are 0600",
                loose.isEmpty(),
                loose.isEmpty() ? "" : "readable by others: " + loose);
    }

    private CheckResult rootTokenMatches() throws IOException {
        JsonNode keys = new ObjectMapper()
                .readTree(sandbox.keyDir().resolve("keys.json").toFile());
        String token = Files.readString(sandbox.keyDir().resolve("root-token"), StandardCharsets.UTF_8)
                .strip();
        boolean same = keys.path("root_token").asText("").equals(token);
        return CheckResult.of(
                "vault keys",
                "root-token matches keys.json's root_token",
                same,
                same ? "" : "they differ (values not shown)");
    }

    private boolean keptAside() throws IOException {
        Path aside = sandbox.dir().resolve(".rollback/runs/" + result.runId() + "/safety/vault-keys-before");
        return Files.isRegularFile(aside.resolve("keys.json"))
                && Files.isRegularFile(aside.resolve("approles/forgejo-secret-id"));
    }

    private static List<String> differing(Map<String, String> want, Map<String, String> got) {
        List<String> out = new ArrayList<>();
        want.forEach((k, v) -> {
            if (!v.equals(got.get(k))) {
                out.add(k);
            }
        });
        got.keySet().stream().filter(k -> !want.containsKey(k)).forEach(k -> out.add(k + " (extra)"));
        return out;
    }
}
