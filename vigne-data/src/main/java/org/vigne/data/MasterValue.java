package org.vigne.data;

/**
 * The value a node's master copy of an object holds (or is handing on), for coordinated
 * checkpoints: taken when no access is in progress, the highest version among the nodes is the
 * object's value.
 */
public record MasterValue(long epoch, long version, byte[] value) {
}
