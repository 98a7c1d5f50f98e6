package dev.rollback.databases.mongodb.server;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend that commits its MVStore after every command, so what a client was told is
 * written is in the file before the reply goes out (not only at the store's next one-second auto-commit).
 *
 * <p>{@code new MongoServer(new CommittingH2Backend(new MVStore.Builder().fileName(file).open()))}
 *
 * <p>A commit writes the changed pages to the file but does not {@code fsync} it: acknowledged writes survive the
 * process being killed (they are in the kernel's page cache), not a crash of the host. The store syncs when closed.
 */
final class CommittingH2Backend extends H2Backend {
    CommittingH2Backend(MVStore store) {
        super(store);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            // a no-op without changes; after a failed multi-document write, what was written is kept, as by mongod
            MVStore store = getMvStore();
            if (!store.isClosed() && store.hasUnsavedChanges()) {
                commit();
            }
        }
    }
}
