package io.stampede.sample.loadgen;

import java.math.BigInteger;

/**
 * One loop of the load generator.
 *
 * @param initNum the random seed the sequence started from
 * @param end     the last term computed
 * @param memory  heap used (bytes) right after the loop
 */
public record LoopResult(long initNum, BigInteger end, long memory) {
}
