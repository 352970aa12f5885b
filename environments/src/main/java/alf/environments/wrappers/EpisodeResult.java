package alf.environments.wrappers;

/**
 * One finished episode of one sub-environment.
 *
 * @param envId      the sub-environment's index
 * @param episodeReturn the undiscounted sum of the episode's rewards
 * @param length     number of steps (actions) in the episode
 * @param terminated true if the task terminated it, false if it was truncated (e.g. by a time limit)
 */
public record EpisodeResult(int envId, double episodeReturn, int length, boolean terminated) {
}
