package dev.rollback.validation.baseline;

import dev.rollback.env.Environment;
import dev.rollback.spi.ArtifactInfo;
import dev.rollback.spi.ArtifactSource;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.BackupContributor;
import dev.rollback.spi.DrillOutcome;
import dev.rollback.spi.DumpSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The environment's recorded baseline ({@code .rollback/baseline.json}) in backup sets, as a {@link BackupContributor}
 * of kind {@code baseline}: a validation that compares with the set, on an environment that has no baseline of its
 * own, uses the set's ({@link Baselines#fromSet}). Listed in
 * {@code META-INF/services/dev.rollback.spi.BackupContributor}.
 *
 * <ul>
 *   <li>The artifact is the recorded file's JSON as it is: a backup never measures (measuring samples every service
 *       for seconds and needs a healthy, settled environment, which an environment about to be rolled back may not
 *       be). Without a recorded baseline, or with one that does not parse (a warning says so), the set holds none.</li>
 *   <li>Only a backup of the whole environment carries it: the baseline describes every service, and a backup of some
 *       services ({@code --service}) is not what a validation of the environment compares with.</li>
 *   <li>{@link #expected} is empty: a set without a baseline is complete (the baseline is optional, and older sets
 *       have none), so COMPLETENESS never asks for one.</li>
 *   <li>The drill parses the JSON; nothing is restored in place (a rollback leaves the recorded baseline as it
 *       is).</li>
 * </ul>
 *
 * <p>{@code for (ArtifactSource s : new BaselineContributor().sources(ctx)) writer.add(s);}
 */
public final class BaselineContributor implements BackupContributor {
    /** The artifact kind. */
    public static final String KIND = "baseline";

    private static final Logger LOG = LoggerFactory.getLogger(BaselineContributor.class);

    @Override
    public Set<String> kinds() {
        return Set.of(KIND);
    }

    @Override
    public Set<String> expected(Environment env) {
        return Set.of();
    }

    @Override
    public List<ArtifactSource> sources(BackupContext ctx) {
        Path file = Baselines.file(ctx.environment());
        if (!ctx.services().isEmpty() || !Files.isRegularFile(file)) {
            return List.of();
        }
        byte[] json;
        Baseline b;
        try {
            json = Files.readAllBytes(file);
            b = Baselines.read(new ByteArrayInputStream(json));
        } catch (IOException e) {
            LOG.warn(
                    "the baseline {} cannot be read ({}); it is not in this backup: record it again with rollback "
                            + "baseline",
                    file,
                    firstLine(e));
            return List.of();
        }
        Map<String, String> recorded = new LinkedHashMap<>();
        recorded.put("recorded", b.at().toString());
        if (!b.commit().isEmpty()) {
            recorded.put("commit", b.commit());
        }
        recorded.put("services", Integer.toString(b.services().size()));
        return List.of(new ArtifactSource(KIND, null, Baselines.FILE, "rollback baseline", out -> {
            out.write(json);
            return recorded;
        }));
    }

    @Override
    public DrillOutcome drill(BackupContext ctx, ArtifactInfo artifact, DumpSource content) {
        Baseline b;
        try (InputStream in = content.open()) {
            b = Baselines.read(in);
        } catch (IOException | RuntimeException e) {
            return DrillOutcome.failed("the baseline " + artifact.file() + " does not read as a baseline ("
                    + firstLine(e) + "); a validation against this set cannot "
                    + "use it: record one with rollback baseline on the healthy environment");
        }
        return DrillOutcome.passed("the baseline recorded " + b.at()
                + (b.commit().isEmpty() ? "" : " at commit " + abbreviate(b.commit())) + " reads: "
                + b.services().size() + " services, " + b.networks().size() + " networks, "
                + b.responseMillis().size() + " response times");
    }

    /** The first line of the error (a JSON parser's message goes on with where it read). */
    private static String firstLine(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse("");
    }

    private static String abbreviate(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
