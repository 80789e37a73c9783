package org.vigne.data;

import java.util.Locale;

/** The consistency protocol an application's spec names for its shared objects (paper, Sect. 6). */
public enum ConsistencyProtocol {
    /**
     * Fixed distributed manager: every access request is routed to the object's manager in the
     * objects DHT, which redirects it to the master.
     */
    STAT,
    /**
     * Dynamic distributed manager: requests follow probable-owner chains to the master; the
     * manager in the DHT is only a backup, asked when a chain seems broken.
     */
    DYN;

    /** The protocol an application gets when its spec names none. */
    public static final ConsistencyProtocol DEFAULT = DYN;

    /** Parses {@code stat} or {@code dyn} (any case). */
    public static ConsistencyProtocol parse(String s) {
        if (s != null) {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "stat":
                    return STAT;
                case "dyn":
                    return DYN;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("unknown consistency protocol \"" + s + "\": use stat or dyn");
    }

    /** The name a spec uses: {@code stat} or {@code dyn}. */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
