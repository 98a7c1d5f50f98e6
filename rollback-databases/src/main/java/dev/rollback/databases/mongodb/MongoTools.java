package dev.rollback.databases.mongodb;

import dev.rollback.databases.DumpDigest;
import dev.rollback.databases.FramedArchive;
import dev.rollback.databases.SafetyDumps;
import dev.rollback.databases.spi.Command;
import dev.rollback.databases.spi.CommandResult;
import dev.rollback.databases.spi.DatabaseAdapter;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.spi.RestoreResult;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DumpSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MongoDB through its own tools, when the target option {@code tool=mongodump} asks for them: {@code mongodump
 * --archive} where the target's runner runs tools (the service's container, or this host), its stream wrapped in
 * the {@code rollback-mongodump-v1} framed archive (so a cut-short dump is refused before anything changes), and
 * {@code mongorestore --archive --drop --stopOnError} fed the unwrapped stream. A tool missing there is an error
 * naming the tool and where it was looked for, raised before anything is dumped or changed.
 *
 * <p>{@code target = DatabaseTarget.custom("mongodb", MONGODB)...options(Map.of("tool", "mongodump"))
 * .runner(new ContainerCommandRunner(runtime, env, "mongodb", 27017)).build();}
 *
 * <p>The password never goes in arguments: with one, the tool runs under {@code sh -c} which writes it to a 0600
 * {@code --config} file (YAML {@code password:}) in the temp directory where the tool runs and deletes it after.
 */
final class MongoTools {
    /** The archive format name of a wrapped mongodump archive. */
    static final String FORMAT = "rollback-mongodump-v1";

    static final String DUMP_TOOL = "mongodump";
    static final String RESTORE_TOOL = "mongorestore";
    private static final int ARCHIVE = 1;
    private static final int CHUNK = 1 << 20;
    private static final String WITH_CONFIG = "umask 077; f=$(mktemp) || exit 70;"
            + " printf '%s\\n' \"$ROLLBACK_MONGO_CONFIG\" > \"$f\"; \"$0\" --config=\"$f\" \"$@\"; rc=$?; rm -f \"$f\";"
            + " exit $rc";

    private MongoTools() {}

    /** Whether the target asks for the engine's tools ({@code tool=mongodump}); the driver is the default. */
    static boolean asked(DatabaseTarget target) {
        String tool = target.option("tool").orElse("driver");
        return switch (tool) {
            case "driver" -> false;
            case DUMP_TOOL -> true;
            default ->
                throw new RollbackException("service " + target.service() + ": option tool=" + tool
                        + " is not known; use tool=driver (default) or tool=mongodump");
        };
    }

    static DumpResult dump(DatabaseTarget target, OutputStream out) {
        requireTool(target, DUMP_TOOL);
        List<String> args = connection(target);
        args.add("--archive");
        if (target.scope().size() == 1) {
            args.add("--db=" + target.scope().get(0));
        } else if (target.scope().size() > 1) {
            throw new RollbackException("service " + target.service() + ": mongodump dumps one database or all of"
                    + " them, and the scope names " + target.scope().size()
                    + "; use tool=driver for several databases");
        }
        DumpDigest digest = new DumpDigest(out);
        CommandResult r;
        try (FramedArchive.Writer w = FramedArchive.writer(digest, FORMAT)) {
            try (OutputStream records = FramedArchive.recordsOf(w, ARCHIVE, CHUNK)) {
                r = target.runner()
                        .run(command(target, DUMP_TOOL, args)
                                .withStdout(records)
                                .withTimeout(target.operationTimeout()));
            }
            if (!r.succeeded()) {
                throw new RollbackException("service " + target.service() + ": mongodump failed (exit " + r.exitCode()
                        + ", via " + target.runner().describe() + "): "
                        + r.stderrTail().strip()
                        + "; the dump is incomplete, discard it");
            }
        } catch (IOException e) {
            throw new RollbackException(
                    "service " + target.service() + ": writing the dump failed (" + e.getMessage()
                            + "); it is incomplete, discard it",
                    e);
        }
        return new DumpResult(
                target.service(), digest.bytes(), digest.sha256Hex(), FORMAT, "mongodump --archive", r.duration());
    }

    static RestoreResult restore(
            DatabaseAdapter adapter, DatabaseTarget target, DumpSource source, RestoreOptions options) {
        long start = System.nanoTime();
        if (options.dropExtras()) {
            throw new RollbackException("service " + target.service() + ": dropExtra is not offered with"
                    + " tool=mongodump (mongorestore only replaces what its archive holds); use tool=driver");
        }
        long[] payload = {0};
        FramedArchive.verify(
                target.service(),
                source,
                FORMAT,
                options.expectedSha256(),
                (tag, body) -> payload[0] += tag == ARCHIVE ? body.length : 0);
        requireTool(target, RESTORE_TOOL);
        Optional<Path> safety = SafetyDumps.take(adapter, target, options, ".mongoarchive");
        List<String> args = connection(target);
        args.addAll(List.of("--archive", "--stopOnError"));
        if (options.clean()) {
            args.add("--drop");
        }
        for (String db : target.scope()) {
            args.add("--nsInclude=" + db + ".*");
        }
        try (InputStream in = FramedArchive.payload(source.open(), FORMAT, ARCHIVE)) {
            CommandResult r = target.runner()
                    .run(command(target, RESTORE_TOOL, args)
                            .withStdin(in, payload[0])
                            .withStdout(OutputStream.nullOutputStream())
                            .withTimeout(target.operationTimeout()));
            if (!r.succeeded()) {
                throw new RollbackException("service " + target.service() + ": mongorestore stopped at the first"
                        + " error (exit " + r.exitCode() + "): "
                        + r.stderrTail().strip()
                        + safety.map(p -> "; the data" + " before the restore is in " + p.getFileName()
                                        + ", restore it to go back")
                                .orElse(""));
            }
        } catch (IOException e) {
            throw new RollbackException("service " + target.service() + ": cannot read " + source.describe(), e);
        }
        return new RestoreResult(
                target.service(), source.length(), safety, List.of(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Runs {@code tool --version} where the target runs tools; missing, it is an error naming tool and place. */
    static void requireTool(DatabaseTarget target, String tool) {
        CommandResult r;
        try {
            r = target.runner().run(Command.of(tool, "--version").withTimeout(Duration.ofSeconds(30)));
        } catch (RollbackException e) {
            throw new RollbackException(
                    "service " + target.service() + ": option tool=mongodump asks for the" + " engine's own tools, but "
                            + e.getMessage() + ". Nothing was dumped or changed; or use tool=driver",
                    e);
        }
        if (!r.succeeded()) {
            throw new RollbackException("service " + target.service() + ": '" + tool + " --version' failed in the "
                    + target.runner().describe() + " (exit " + r.exitCode() + "): "
                    + r.stderrTail().strip()
                    + ". Nothing was dumped or changed");
        }
    }

    private static List<String> connection(DatabaseTarget target) {
        List<String> args = new ArrayList<>(List.of(
                "--host=" + target.runner().toolHost(target),
                "--port=" + target.runner().toolPort(target)));
        if (!target.user().isEmpty()) {
            args.add("--username=" + target.user());
            args.add("--authenticationDatabase="
                    + target.option("authenticationDatabase").orElse("admin"));
        }
        return args;
    }

    /** The tool itself, or, with a password, {@code sh -c} writing it to a private --config file first. */
    private static Command command(DatabaseTarget target, String tool, List<String> args) {
        Optional<String> pw = target.password().filter(p -> !p.isEmpty());
        if (pw.isEmpty()) {
            return Command.of(tool, args);
        }
        List<String> all = new ArrayList<>(List.of("-c", WITH_CONFIG, tool));
        all.addAll(args);
        Map<String, String> env = new HashMap<>();
        env.put("ROLLBACK_MONGO_CONFIG", "password: " + yamlString(pw.get()));
        return Command.of("sh", all).withEnvironment(env);
    }

    /** A YAML double-quoted scalar. */
    static String yamlString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
