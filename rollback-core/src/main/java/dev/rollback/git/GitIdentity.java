package dev.rollback.git;

import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.UserConfig;

/**
 * The identity commits and stashes are made with: the configured {@code user.name} / {@code user.email}
 * (repository, global or {@code GIT_AUTHOR_*}), else {@code rollback <rollback@localhost>}.
 *
 * <p>{@code PersonIdent who = GitIdentity.of(repository.getConfig());}
 */
final class GitIdentity {
    static final String FALLBACK_NAME = "rollback";
    static final String FALLBACK_EMAIL = "rollback@localhost";

    private GitIdentity() {}

    static PersonIdent of(Config config) {
        UserConfig user = config.get(UserConfig.KEY);
        String name = user.isAuthorNameImplicit()
                        || user.getAuthorName() == null
                        || user.getAuthorName().isBlank()
                ? FALLBACK_NAME
                : user.getAuthorName();
        String email =
                user.isAuthorEmailImplicit() || user.getAuthorEmail() == null ? FALLBACK_EMAIL : user.getAuthorEmail();
        return new PersonIdent(name, email);
    }
}
