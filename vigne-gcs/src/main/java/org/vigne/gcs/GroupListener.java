package org.vigne.gcs;

/** Tells the layer above about groups it cannot see otherwise. Called on the node's event loop. */
public interface GroupListener {
    /**
     * A command submitted from this node found no live member of {@code group}: it was never
     * created, or every member is gone. Nothing of it survives in group communication; a layer that
     * keeps its own copy of the state elsewhere may create the group again from it.
     */
    default void groupGone(GroupId group) {
    }
}
