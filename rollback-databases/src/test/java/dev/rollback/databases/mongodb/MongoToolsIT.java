package dev.rollback.databases.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.databases.ContainerCommandRunner;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.support.ScratchCompose;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.DumpSource;
import dev.rollback.testing.RequiresDocker;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tool=mongodump} through the docker runtime's exec, in containers of a compose project of the test's own.
 * This machine has no MongoDB image, so the "tools" container carries stand-ins for mongodump and mongorestore
 * (shell scripts that record their arguments and --config file and write or take a 2 MB stream): what is tested is
 * the adapter's part, the arguments, the password handling, the framing and verification and the byte-exact stream
 * into mongorestore's stdin. The "bare" container is a real image without the tools (busybox).
 */
@RequiresDocker
class MongoToolsIT {
    private static final String COMPOSE = """
        services:
          tools:
            image: local/debian:bookworm
            command: ["sleep", "infinity"]
            stop_signal: SIGKILL
            volumes: ["./bin:/usr/local/bin:ro"]
          bare:
            image: local/busybox
            command: ["sleep", "3600"]
            stop_signal: SIGKILL
        """;
    private static final String FAKE_DUMP = """
        #!/bin/sh
        # stands in for mongodump: records its arguments and --config file, writes a 2 MB stream
        if [ "$1" = "--version" ]; then echo "mongodump version: stand-in"; exit 0; fi
        printf '%s\\n' "$@" > /tmp/mongodump.args
        for a in "$@"; do
          case "$a" in --config=*) f="${a#--config=}"; cp "$f" /tmp/mongodump.config; stat -c %a "$f" > /tmp/mongodump.mode;
                                   echo "$f" > /tmp/mongodump.configpath;; esac
        done
        seq 1 300000 > /tmp/mongodump.out
        sha256sum < /tmp/mongodump.out | cut -d' ' -f1 > /tmp/mongodump.sha
        cat /tmp/mongodump.out
        """;
    private static final String FAKE_RESTORE = """
        #!/bin/sh
        # stands in for mongorestore: records its arguments, hashes what it reads from stdin
        if [ "$1" = "--version" ]; then echo "mongorestore version: stand-in"; exit 0; fi
        printf '%s\\n' "$@" > /tmp/mongorestore.args
        sha256sum | cut -d' ' -f1 > /tmp/mongorestore.sha
        """;

    @TempDir
    static Path tmp;

    static ScratchCompose project;
    static ContainerRuntime rt;
    static Environment env;
    private final MongoAdapter adapter = new MongoAdapter();

    @BeforeAll
    static void start() throws Exception {
        project = ScratchCompose.up(tmp, COMPOSE, Map.of("bin/mongodump", FAKE_DUMP, "bin/mongorestore", FAKE_RESTORE));
        env = project.environment();
        rt = project.runtime();
    }

    @AfterAll
    static void stop() {
        if (project != null) {
            project.close();
        }
    }

    @BeforeEach
    void clean() {
        project.exec("tools", "sh", "-c", "rm -f /tmp/mongo*");
    }

    private static DatabaseTarget target(String service) {
        return DatabaseTarget.custom("mongodb", ServiceKind.MONGODB)
                .host("127.0.0.1")
                .port(27017)
                .user("app")
                .password("p\"w \\ $HOME 'q'")
                .options(Map.of("tool", "mongodump"))
                .runner(new ContainerCommandRunner(rt, env, service, 27017))
                .build();
    }

    @Test
    void mongodumpsArchiveIsWrappedVerifiedAndFedWholeToMongorestore() throws Exception {
        Path dump = tmp.resolve("mongo.archive");
        DumpResult d;
        try (OutputStream out = Files.newOutputStream(dump)) {
            d = adapter.dump(target("tools"), out);
        }
        assertThat(d.format()).isEqualTo("rollback-mongodump-v1");
        assertThat(d.tool()).isEqualTo("mongodump --archive");
        String dumpArgs = project.exec("tools", "cat", "/tmp/mongodump.args");
        assertThat(dumpArgs.lines())
                .contains(
                        "--host=127.0.0.1",
                        "--port=27017",
                        "--archive",
                        "--username=app",
                        "--authenticationDatabase=admin")
                .anyMatch(a -> a.startsWith("--config="));
        assertThat(dumpArgs).doesNotContain("p\"w");
        assertThat(project.exec("tools", "cat", "/tmp/mongodump.config"))
                .isEqualTo("password: \"p\\\"w \\\\ $HOME 'q'\"");
        assertThat(project.exec("tools", "cat", "/tmp/mongodump.mode")).isEqualTo("600");
        String configPath = project.exec("tools", "cat", "/tmp/mongodump.configpath");
        assertThat(project.exec("tools", "sh", "-c", "test -e '" + configPath + "' && echo kept || echo gone"))
                .isEqualTo("gone");

        adapter.restore(
                target("tools"),
                DumpSource.ofFile(dump),
                RestoreOptions.ofDefaults().withoutSafetyDump().withExpectedSha256(d.sha256()));

        assertThat(project.exec("tools", "cat", "/tmp/mongorestore.sha"))
                .isEqualTo(project.exec("tools", "cat", "/tmp/mongodump.sha"));
        assertThat(project.exec("tools", "cat", "/tmp/mongorestore.args").lines())
                .contains("--archive", "--stopOnError", "--drop", "--username=app");
    }

    @Test
    void theDumpsFormatChoosesMongorestoreEvenWithoutTheOptionAndACutDumpIsRefusedFirst() throws Exception {
        Path dump = tmp.resolve("cut.archive");
        try (OutputStream out = Files.newOutputStream(dump)) {
            adapter.dump(target("tools"), out);
        }
        try (RandomAccessFile f = new RandomAccessFile(dump.toFile(), "rw")) {
            f.setLength(f.length() - 100);
        }
        DatabaseTarget noOption = DatabaseTarget.custom("mongodb", ServiceKind.MONGODB)
                .host("127.0.0.1")
                .port(27017)
                .runner(new ContainerCommandRunner(rt, env, "tools", 27017))
                .build();

        assertThatThrownBy(() -> adapter.restore(noOption, DumpSource.ofFile(dump), RestoreOptions.ofDefaults()))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("rollback-mongodump-v1")
                .hasMessageContaining("Nothing was changed");
        assertThat(project.exec("tools", "sh", "-c", "ls /tmp/mongorestore.* 2>/dev/null | wc -l"))
                .isEqualTo("0");
    }

    @Test
    void aContainerWithoutTheToolsIsNamedWithTheToolAndNothingHappens() throws Exception {
        assertThatThrownBy(() -> adapter.dump(target("bare"), OutputStream.nullOutputStream()))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("option tool=mongodump")
                .hasMessageContaining("tool 'mongodump' is missing from the container of service bare ("
                        + project.containerName("bare") + ")");

        Path dump = tmp.resolve("good.archive");
        try (OutputStream out = Files.newOutputStream(dump)) {
            adapter.dump(target("tools"), out);
        }
        assertThatThrownBy(() -> adapter.restore(
                        target("bare"),
                        DumpSource.ofFile(dump),
                        RestoreOptions.ofDefaults().withSafetyDumpDirectory(tmp.resolve("safety"))))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("tool 'mongorestore' is missing from the container of service bare")
                .hasMessageContaining("Nothing was dumped or changed");
        assertThat(tmp.resolve("safety")).doesNotExist();
    }

    @Test
    void anUnknownToolOptionIsRefused() {
        DatabaseTarget odd = DatabaseTarget.custom("mongodb", ServiceKind.MONGODB)
                .host("127.0.0.1")
                .port(27017)
                .options(Map.of("tool", "mongoexport"))
                .build();

        assertThatThrownBy(() -> adapter.dump(odd, OutputStream.nullOutputStream()))
                .hasMessageContaining("option tool=mongoexport is not known");
    }
}
