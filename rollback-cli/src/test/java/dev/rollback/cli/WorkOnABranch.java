package dev.rollback.cli;

import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.git.GitRepository;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the killed-run tests start from: a project whose manual backup as the runbook takes it ({@code env_backup},
 * the key directory's copy) was taken before it moved on, with work in progress on a feature branch; and the
 * complete rollback they kill.
 *
 * <p>{@code WorkOnABranch w = WorkOnABranch.create(tmp); CliRun.of(w.cli(w.fullArgs()))}
 *
 * @param p the project
 * @param envBackup the saved {@code .env}
 * @param keyBackup the saved key directory
 */
record WorkOnABranch(ProjectFixture p, Path envBackup, Path keyBackup) {
    static WorkOnABranch create(Path tmp) throws Exception {
        ProjectFixture p = ProjectFixture.create(tmp);
        ProjectFixture.SavedState saved = p.saveThenChange(tmp.resolve("backup"));
        Files.writeString(p.home().resolve("rollback.yaml"), "vault_key_dir: " + p.keyDir() + "\n");
        try (GitRepository repo = GitRepository.open(p.home())) {
            repo.createBranch("feature/tls", "HEAD");
            repo.checkoutBranch("feature/tls");
        }
        return new WorkOnABranch(p, saved.env(), saved.keys());
    }

    /** {@code full} back to the baseline on main, with the runbook's saved {@code .env} and key directory. */
    String[] fullArgs() {
        return new String[] {
            "full",
            "--to",
            p.baseline().shortId(),
            "--branch",
            "main",
            "--env-from",
            envBackup.toString(),
            "--vault-keys-from",
            keyBackup.toString()
        };
    }

    /** {@code -C <home>} and the arguments. */
    String[] cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-C";
        all[1] = p.home().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }
}
