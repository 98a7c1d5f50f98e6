package dev.rollback.validation.probe;

import java.time.Duration;

/**
 * What an HTTP endpoint answered, after redirects: the status, the start of the body and how long it took.
 *
 * @param url the address asked (the first one, before redirects)
 * @param status the HTTP status code
 * @param body the body's first characters
 * @param took from the request to the whole body
 */
public record HttpAnswer(String url, int status, String body, Duration took) {}
