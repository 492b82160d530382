package io.sen2cor.operator.testing;

/**
 * Where one scene of {@link InMemoryJobBackend} stands, as tests set it; the real backends report counts
 * ({@code backend.RoundCounts}) and map their native states onto pending, running, succeeded and failed.
 */
public enum SceneState {
    PENDING, RUNNING, SUCCEEDED, FAILED
}
