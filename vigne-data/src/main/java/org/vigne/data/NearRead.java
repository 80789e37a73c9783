package org.vigne.data;

/**
 * A read of a node's valid copy served at once, with the lease granted on it to the reading
 * component session (0: no lease; the component must not keep the value as a near copy).
 *
 * @param value    the value read
 * @param leaseSeq the grant's sequence number, which a revocation of it names; 0 when none
 * @param leaseMs  how long the lease lasts, counted by the component from the instant it sent its
 *                 request (0 when none)
 */
public record NearRead(byte[] value, long leaseSeq, long leaseMs) {
}
