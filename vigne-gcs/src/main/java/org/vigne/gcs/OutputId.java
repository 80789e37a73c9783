package org.vigne.gcs;

/**
 * The stable name of one output: the group, its generation (rebuilt groups start a new one), the
 * log index of the command whose application produced it, and its position among that command's
 * outputs. Every replica computes the same outputs for the same entry, so whichever replica sends
 * an output, and however often, it has the same id, and a receiver keeps the first copy only.
 */
public record OutputId(GroupId group, long generation, long index, int position) {
}
