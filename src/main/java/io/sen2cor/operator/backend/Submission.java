package io.sen2cor.operator.backend;

/**
 * What one submission step of a round did.
 *
 * @param event what was submitted, for a JobSubmitted Event; null when nothing new was submitted (e.g. found work
 *        a crashed operator had submitted, or waiting for the environment)
 * @param next the observation to report until the next step (a short recheck while more is to submit)
 */
public record Submission(String event, Observation next) {
}
