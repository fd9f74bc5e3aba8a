package io.stampede.engine;

import java.util.Map;

/**
 * The result of running a setup or teardown block once.
 *
 * @param success   false when a step failed (the failure is in the stats with its reason)
 * @param variables every variable after the block: scenario and run variables plus what it extracted
 */
public record StepsOutcome(boolean success, Map<String, String> variables) {
}
