package org.vigne.apps.spec;

/** Which consistency protocol serves an application's shared objects (paper, Sect. 6). */
public enum DataProtocol {
    /** Object managers in a DHT take every access request and redirect it to the master copy. */
    STAT,
    /** Copies follow probable-owner chains to the master; a backup manager is asked only when a chain breaks. */
    DYN;

    /** The spelling in specs: {@code stat} or {@code dyn}. */
    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
