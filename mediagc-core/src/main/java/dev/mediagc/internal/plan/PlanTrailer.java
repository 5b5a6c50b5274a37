package dev.mediagc.internal.plan;

/**
 * The last line of a plan: how many candidates it holds and their total size. A plan without it,
 * or whose lines do not add up to it, was cut short and is never applied.
 */
record PlanTrailer(boolean end, long candidates, long bytes) {
}
