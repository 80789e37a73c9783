package org.vigne.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.vigne.core.Id;

/**
 * Pure logic of versions and anti-entropy digests. A digest is the sum of {@link KeyStore#pairHash}
 * over the (key, version) pairs a root and a replica should share: the round ends when both sums
 * agree, so the sum must move whenever the two sides hold anything different.
 */
class VersionsProperties {
    private static final String SEED = "3141";

    @Property(seed = SEED)
    void nextVersionIsGreater_positive_andCarriesTheTag(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE >>> 2) long current,
                                                         @ForAll long tag) {
        long next = Versions.next(current, tag);
        assertThat(next).isGreaterThan(current).isPositive();
        assertThat(next & Versions.TAG_MASK).isEqualTo(tag & Versions.TAG_MASK);
    }

    @Property(seed = SEED)
    void nextVersionOrdersAfterEveryVersionWithTheSameCounter(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE >>> 2) long current,
                                                              @ForAll long tag, @ForAll long otherTag) {
        long sameCounter = (current & ~Versions.TAG_MASK) | (otherTag & Versions.TAG_MASK);
        assertThat(Versions.next(current, tag)).as("a root that saw %d orders after any tag of that counter", current)
                .isGreaterThan(sameCounter);
    }

    @Property(seed = SEED)
    void twoRootsNeverAssignTheSameVersionWithDifferentTags(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE >>> 2) long current,
                                                           @ForAll long tagA, @ForAll long tagB) {
        if ((tagA & Versions.TAG_MASK) != (tagB & Versions.TAG_MASK)) {
            assertThat(Versions.next(current, tagA)).isNotEqualTo(Versions.next(current, tagB));
        }
    }

    @Provide
    Arbitrary<List<Id>> keySets() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers())
                .as(Id::of).list().ofMinSize(1).ofMaxSize(20).uniqueElements();
    }

    @Provide
    Arbitrary<List<Long>> versionLists() {
        return Arbitraries.longs().between(1, Long.MAX_VALUE >>> 2).list().ofSize(20);
    }

    @Property(seed = SEED)
    void digestChanges_whenOneReplicaHoldsAnotherVersionOfOneKey(@ForAll("keySets") List<Id> keys,
                                                                @ForAll("versionLists") List<Long> versions,
                                                                @ForAll @IntRange(max = 19) int which,
                                                                @ForAll @LongRange(min = 1, max = 1 << 20) long newer) {
        int i = which % keys.size();
        long[] root = versionsOf(keys, versions);
        long[] replica = root.clone();
        replica[i] = root[i] + newer;
        assertThat(digest(keys, replica)).as("digest after key %d moved from v%d to v%d", i, root[i], replica[i])
                .isNotEqualTo(digest(keys, root));
    }

    @Property(seed = SEED)
    void digestChanges_whenOneKeyIsMissing(@ForAll("keySets") List<Id> keys, @ForAll("versionLists") List<Long> versions,
                                           @ForAll @IntRange(max = 19) int which) {
        int i = which % keys.size();
        long[] v = versionsOf(keys, versions);
        List<Id> fewer = new ArrayList<>(keys);
        fewer.remove(i);
        long[] fewerVersions = new long[fewer.size()];
        for (int j = 0, k = 0; j < keys.size(); j++) {
            if (j != i) {
                fewerVersions[k++] = v[j];
            }
        }
        assertThat(digest(fewer, fewerVersions)).as("digest without key %d", i).isNotEqualTo(digest(keys, v));
    }

    @Property(seed = SEED)
    void digestChanges_whenTwoKeysSwapTheirVersions(@ForAll("keySets") List<Id> keys, @ForAll("versionLists") List<Long> versions) {
        if (keys.size() < 2 || versions.get(0).equals(versions.get(1))) {
            return;
        }
        long[] v = versionsOf(keys, versions);
        long[] swapped = v.clone();
        swapped[0] = v[1];
        swapped[1] = v[0];
        assertThat(digest(keys, swapped)).as("the same versions held under the other key").isNotEqualTo(digest(keys, v));
    }

    @Property(seed = SEED)
    void pairHashTellsApartKeysThatDifferInOneWord(@ForAll long hi, @ForAll long mid, @ForAll int lo, @ForAll long version,
                                                   @ForAll @IntRange(max = 2) int word, @ForAll @LongRange(min = 1) long delta) {
        Id a = Id.of(hi, mid, lo);
        Id b = switch (word) {
            case 0 -> Id.of(hi + delta, mid, lo);
            case 1 -> Id.of(hi, mid + delta, lo);
            default -> Id.of(hi, mid, lo + (int) (delta | 1));
        };
        assertThat(KeyStore.pairHash(b, version)).as("%s vs %s at v%d", a, b, version)
                .isNotEqualTo(KeyStore.pairHash(a, version));
    }

    private static long[] versionsOf(List<Id> keys, List<Long> versions) {
        long[] v = new long[keys.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = versions.get(i);
        }
        return v;
    }

    private static long digest(List<Id> keys, long[] versions) {
        long sum = 0;
        for (int i = 0; i < keys.size(); i++) {
            sum += KeyStore.pairHash(keys.get(i), versions[i]);
        }
        return sum;
    }
}
