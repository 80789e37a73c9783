package org.vigne.apps.node;

/** What a node's host agent did, for experiments and tools; never read by the protocol. */
public final class HostCounters {
    public long reservations;
    public long leasesExpired;
    public long released;
    public long launches;
    public long duplicateLaunches;
    public long staleLaunches;
    public long stops;
    public long beats;
    public long routedBeats;
    public long storeFailures;
    public long reportsResent;
    public long malformed;
}
