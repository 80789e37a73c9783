package org.vigne.dht;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Pure logic of versions and digests. */
class VersionsProperties {

    @Property
    void nextVersionIsGreater_positive_andCarriesTheTag(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE >>> 2) long current,
                                                         @ForAll long tag) {
        long next = Versions.next(current, tag);
        assertThat(next).isGreaterThan(current).isPositive();
        assertThat(next & Versions.TAG_MASK).isEqualTo(tag & Versions.TAG_MASK);
    }

    @Property
    void twoRootsNeverAssignTheSameVersionWithDifferentTags(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE >>> 2) long current,
                                                           @ForAll long tagA, @ForAll long tagB) {
        if ((tagA & Versions.TAG_MASK) != (tagB & Versions.TAG_MASK)) {
            assertThat(Versions.next(current, tagA)).isNotEqualTo(Versions.next(current, tagB));
        }
    }

    @Property
    void digestIsOrderIndependent(@ForAll long hi1, @ForAll long hi2, @ForAll long v1, @ForAll long v2) {
        org.vigne.core.Id a = org.vigne.core.Id.of(hi1, 1, 2);
        org.vigne.core.Id b = org.vigne.core.Id.of(hi2, 3, 4);
        long ab = KeyStore.pairHash(a, v1) + KeyStore.pairHash(b, v2);
        long ba = KeyStore.pairHash(b, v2) + KeyStore.pairHash(a, v1);
        assertThat(ab).isEqualTo(ba);
        if (v1 != v2) {
            assertThat(KeyStore.pairHash(a, v1)).isNotEqualTo(KeyStore.pairHash(a, v2));
        }
    }
}
