package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;
import org.vigne.gcs.raft.Entry;
import org.vigne.gcs.raft.Member;

/**
 * The checker catches each broken rule fed to it by hand (agreement, gap, duplicate, two leaders,
 * an acknowledgement of a command never applied or answered with another state), and accepts what
 * the protocol may do (a command applied again after a counted rebuild dropped its first position).
 */
class GcsCheckerTest {
    private static final GroupId G = new GroupId("test", Id.sha1("g"));
    private static final Member A = member(1);
    private static final Member B = member(2);
    private static final Member C = member(3);

    private final GcsChecker checker = new GcsChecker();

    private static Member member(int i) {
        return new Member(new NodeHandle(Id.sha1("node" + i), "127.0.0.1", 7000 + i), i);
    }

    private static Entry cmd(long index, String data, long client, long seq) {
        return Entry.command(1, index, data.getBytes(StandardCharsets.UTF_8), client, seq);
    }

    /** Every member of {@code members} applies {@code entries} in order, in generation {@code gen}. */
    private void applyAll(long gen, Entry[] entries, Member... members) {
        for (Member m : members) {
            for (Entry e : entries) {
                checker.applied(G, gen, m, e, true);
            }
        }
    }

    /** The state the agreed history gives after {@code entries} (what an acknowledgement answers). */
    private static byte[] state(Entry... entries) {
        long chain = 0;
        for (Entry e : entries) {
            chain = ProbeMachine.next(chain, e.index(), e.data());
        }
        return ByteBuffer.allocate(8).putLong(chain).array();
    }

    private static SubmitResult ok(byte[] result, long index) {
        return new SubmitResult(SubmitResult.Status.OK, result, index, 1, null);
    }

    @Test
    void aCleanHistory_hasNoViolation() {
        Entry[] es = {cmd(1, "a", 7, 1), cmd(2, "b", 7, 2), cmd(3, "c", 8, 1)};
        applyAll(1, es, A, B, C);
        checker.leader(G, 1, 1, A);
        checker.leader(G, 1, 1, A);
        checker.completed(G, 7, 2, "b".getBytes(StandardCharsets.UTF_8), ok(state(es[0], es[1]), 2));
        assertThat(checker.violations()).as("%s", checker.described()).isZero();
        assertThat(checker.acknowledged()).isEqualTo(1);
        assertThat(checker.finish(g -> 3).total()).isZero();
    }

    @Test
    void twoEntriesAtOneIndex_breakAgreement() {
        applyAll(1, new Entry[] {cmd(1, "a", 7, 1), cmd(2, "b", 7, 2)}, A, B);
        checker.applied(G, 1, C, cmd(1, "a", 7, 1), true);
        checker.applied(G, 1, C, cmd(2, "x", 9, 1), true);
        assertThat(checker.violations()).isEqualTo(1);
        assertThat(checker.described()).singleElement().asString().contains("agreement").contains("at 2");
    }

    @Test
    void entriesThatDifferOnlyInTheirClientOrSequence_breakAgreementToo() {
        checker.applied(G, 1, A, cmd(1, "a", 7, 1), true);
        checker.applied(G, 1, B, cmd(1, "a", 9, 1), true);
        checker.applied(G, 1, C, cmd(1, "a", 7, 2), true);
        assertThat(checker.violations()).isEqualTo(2);
        assertThat(checker.described()).allSatisfy(v -> assertThat(v).contains("agreement").contains("at 1"));
    }

    @Test
    void aMemberRestoredFromASnapshot_goesOnFromItsIndex() {
        applyAll(1, new Entry[] {cmd(1, "a", 7, 1), cmd(2, "b", 7, 2)}, A, B);
        checker.restored(G, 1, C, 2);
        checker.applied(G, 1, C, cmd(3, "c", 7, 3), true);
        assertThat(checker.violations()).as("%s", checker.described()).isZero();
    }

    @Test
    void anIndexSkipped_isAGap() {
        checker.applied(G, 1, A, cmd(1, "a", 7, 1), true);
        checker.applied(G, 1, A, cmd(3, "c", 7, 3), true);
        assertThat(checker.described()).singleElement().asString().contains("gap").contains("applied 3 after 1");
    }

    @Test
    void aCommandAppliedTwice_isADuplicate() {
        applyAll(1, new Entry[] {cmd(1, "a", 7, 1), cmd(2, "b", 8, 1), cmd(3, "a", 7, 1)}, A);
        assertThat(checker.duplicateApplies()).isEqualTo(1);
        assertThat(checker.described()).singleElement().asString().contains("duplicate").contains("seq 1");
    }

    @Test
    void twoLeadersInATerm_areCaught_butOneLeaderPerTermIsNot() {
        checker.leader(G, 1, 4, A);
        checker.leader(G, 1, 5, B);
        assertThat(checker.violations()).isZero();
        checker.leader(G, 1, 5, C);
        assertThat(checker.described()).singleElement().asString().contains("two leaders in term 5");
    }

    @Test
    void anAcknowledgement_ofACommandNeverApplied_orWithAnotherState_isCaught() {
        Entry[] es = {cmd(1, "a", 7, 1), cmd(2, "b", 7, 2)};
        applyAll(1, es, A, B, C);
        checker.completed(G, 7, 3, "c".getBytes(StandardCharsets.UTF_8), ok(state(es), 3));
        checker.completed(G, 7, 2, "b".getBytes(StandardCharsets.UTF_8), ok(state(es[0]), 2));
        assertThat(checker.violations()).isEqualTo(2);
        assertThat(checker.described().get(0)).contains("was never applied");
        assertThat(checker.described().get(1)).contains("not the agreed state at index 2");
    }

    @Test
    void aCommandAppliedAgain_afterARebuildDroppedIt_isCounted_notADuplicate() {
        Entry[] es = {cmd(1, "a", 7, 1), cmd(2, "b", 7, 2), cmd(3, "c", 7, 3)};
        applyAll(1, es, A, B, C);
        checker.completed(G, 7, 3, "c".getBytes(StandardCharsets.UTF_8), ok(state(es), 3));
        // A rebuilds from its log up to 2: index 3 of generation 1 is lost, and the retried command lands again.
        checker.rebuilt(G, 2, 1, A, 2);
        checker.applied(G, 2, A, cmd(3, "c", 7, 3), true);
        assertThat(checker.violations()).as("%s", checker.described()).isZero();
        assertThat(checker.duplicateApplies()).isZero();
        assertThat(checker.reappliedAfterRebuild()).isEqualTo(1);
        assertThat(checker.rebuiltGroups()).isEqualTo(1);
        // A member of generation 1 cut off from the rebuild still applies there: its own history, no gap.
        checker.applied(G, 1, B, cmd(4, "d", 8, 1), true);
        assertThat(checker.violations()).as("%s", checker.described()).isZero();
        // Generation 1's index 3 is not in generation 2's history (rebuilt from index 2); index 2 is.
        checker.completed(G, 7, 2, "b".getBytes(StandardCharsets.UTF_8), ok(state(es[0], es[1]), 2));
        assertThat(checker.finish(g -> 3).inRebuilds()).isEqualTo(1);
        // Another group, never rebuilt, is not counted.
        checker.applied(new GroupId("test", Id.sha1("other")), 1, A, cmd(1, "z", 9, 1), true);
        assertThat(checker.rebuiltGroups()).isEqualTo(1);
    }

    @Test
    void aRebuiltGeneration_isCheckedForAgreementAboveItsBase() {
        applyAll(1, new Entry[] {cmd(1, "a", 7, 1), cmd(2, "b", 7, 2)}, A, B, C);
        checker.rebuilt(G, 2, 1, A, 2);
        checker.rebuilt(G, 3, 1, B, 2);
        assertThat(checker.described()).isEmpty();
        checker.restored(G, 2, B, 2);
        checker.restored(G, 2, C, 2);
        checker.applied(G, 2, A, cmd(3, "c", 7, 3), true);
        checker.applied(G, 2, C, cmd(3, "c", 7, 3), true);
        checker.applied(G, 2, B, cmd(3, "x", 7, 3), true);
        assertThat(checker.described()).singleElement().asString().contains("gen 2: agreement").contains("at 3");
    }

    @Test
    void theEnd_countsAcknowledgedCommands_ofAGoneGroup_andThoseNoLiveReplicaHolds() {
        Entry[] es = {cmd(1, "a", 7, 1), cmd(2, "b", 7, 2)};
        applyAll(1, es, A, B, C);
        checker.completed(G, 7, 2, "b".getBytes(StandardCharsets.UTF_8), ok(state(es), 2));
        assertThat(checker.finish(g -> -1).inGoneGroups()).isEqualTo(1);
        assertThat(checker.finish(g -> 1).notHeld()).isEqualTo(1);
        assertThat(checker.finish(g -> 0).notHeld()).isEqualTo(1);
        assertThat(checker.finish(g -> 2).total()).isZero();
    }
}
