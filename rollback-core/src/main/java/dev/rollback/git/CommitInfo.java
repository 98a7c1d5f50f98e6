package dev.rollback.git;

import java.time.Instant;

/**
 * A commit, in JDK types only.
 *
 * <p>{@code repo.head().shortId() // 9bef892}
 *
 * @param id the full 40-hex id
 * @param shortId the first 7 hex digits
 * @param subject the first line of the message
 * @param time the commit time
 * @param author the author's name
 */
public record CommitInfo(String id, String shortId, String subject, Instant time, String author) {}
