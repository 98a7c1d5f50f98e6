package dev.rollback.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The {@link BackupContributor}s on the class path.
 *
 * <p>{@code BackupContributors.forKind("db-dump").map(c -> c.drill(ctx, a, content))}
 */
public final class BackupContributors {
    private BackupContributors() {}

    /** Every contributor found by {@link ServiceLoader}, in class-path order. */
    public static List<BackupContributor> all() {
        List<BackupContributor> out = new ArrayList<>();
        ServiceLoader.load(BackupContributor.class).forEach(out::add);
        return out;
    }

    /** The contributor that reads {@code kind}, among {@code contributors}. */
    public static Optional<BackupContributor> forKind(List<BackupContributor> contributors, String kind) {
        return contributors.stream().filter(c -> c.kinds().contains(kind)).findFirst();
    }
}
