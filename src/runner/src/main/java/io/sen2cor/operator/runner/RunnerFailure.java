package io.sen2cor.operator.runner;

import io.sen2cor.operator.contract.RunnerContract;

/** Ends a scene with one of {@link RunnerContract}'s exit codes and a message for result.json and the log. */
public class RunnerFailure extends RuntimeException {

    private final int exitCode;

    public RunnerFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public RunnerFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public boolean retryable() {
        return exitCode == RunnerContract.EXIT_RETRYABLE;
    }
}
