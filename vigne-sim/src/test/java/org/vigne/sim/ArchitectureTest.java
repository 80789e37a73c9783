package org.vigne.sim;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget.MethodCallTarget;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Exchanger;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Protocols are pure event handlers (DESIGN.md, "The one rule"): no wall clock, no threads or
 * sleeping, no locks or executors, no sockets, no unseeded randomness. Time, timers, randomness
 * and sending come from {@code Env}. Every protocol package is listed, so a protocol module is
 * checked as soon as it exists and is on the simulator's classpath. ({@code synchronized} is not
 * checked: it leaves no trace ArchUnit can see reliably.)
 */
@AnalyzeClasses(packages = {"org.vigne.core", "org.vigne.overlay", "org.vigne.dht", "org.vigne.gcs",
        "org.vigne.apps", "org.vigne.data", "org.vigne.sync"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    static final String[] PROTOCOLS = {"org.vigne.core..", "org.vigne.overlay..", "org.vigne.dht..",
        "org.vigne.gcs..", "org.vigne.apps..", "org.vigne.data..", "org.vigne.sync.."};

    @ArchTest
    static final ArchRule protocolsDoNotReadTheWallClock = noWallClock(PROTOCOLS);

    @ArchTest
    static final ArchRule protocolsDoNotStartThreadsOrSleep = noThreads(PROTOCOLS);

    @ArchTest
    static final ArchRule protocolsDoNotUseLocksOrExecutors = noLocksOrExecutors(PROTOCOLS);

    @ArchTest
    static final ArchRule protocolsDoNotOpenSockets = noNetworkIo(PROTOCOLS);

    @ArchTest
    static final ArchRule protocolsTakeRandomnessOnlyFromEnv = noUnseededRandomness(PROTOCOLS);

    /** The rules above must not pass vacuously: the protocol classes really were imported. */
    @ArchTest
    static void protocolClassesAreImported(JavaClasses classes) {
        List<String> names = new ArrayList<>();
        classes.forEach(c -> names.add(c.getName()));
        assertThat(names).as("classes imported for the architecture rules")
                .contains("org.vigne.core.Id", "org.vigne.core.Env", "org.vigne.overlay.Overlay",
                        "org.vigne.overlay.LeafSet", "org.vigne.overlay.RoutingTable",
                        "org.vigne.apps.spec.ApplicationSpec")
                .noneMatch(n -> n.startsWith("org.vigne.sim."))
                .hasSizeGreaterThan(20);
    }

    /** Each rule finds the violation planted for it, and none flags clean code (SHA-1 digests are fine). */
    @ArchTest
    static void everyRuleCatchesWhatItForbids(JavaClasses ignored) {
        String[] fixtures = {"org.vigne.sim.."};
        assertViolates(noWallClock(fixtures), WallClockUser.class);
        assertViolates(noThreads(fixtures), ThreadUser.class);
        assertViolates(noLocksOrExecutors(fixtures), LockUser.class);
        assertViolates(noLocksOrExecutors(fixtures), ExecutorUser.class);
        assertViolates(noNetworkIo(fixtures), SocketUser.class);
        assertViolates(noUnseededRandomness(fixtures), RandomUser.class);
        JavaClasses clean = new ClassFileImporter().importClasses(CleanProtocol.class);
        for (ArchRule rule : List.of(noWallClock(fixtures), noThreads(fixtures), noLocksOrExecutors(fixtures),
                noNetworkIo(fixtures), noUnseededRandomness(fixtures))) {
            assertThat(rule.evaluate(clean).hasViolation()).as("%s flags clean code", rule.getDescription()).isFalse();
        }
    }

    private static void assertViolates(ArchRule rule, Class<?> offender) {
        JavaClasses classes = new ClassFileImporter().importClasses(offender);
        var result = rule.evaluate(classes);
        assertThat(result.hasViolation()).as("%s on %s", rule.getDescription(), offender.getSimpleName()).isTrue();
    }

    // ---- the rules, over any set of packages ----------------------------------------------------

    static ArchRule noWallClock(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethodWhere(calls("a java.time now() method",
                        t -> t.getOwner().getPackageName().equals("java.time") && t.getName().equals("now")))
                .orShould().dependOnClassesThat().areAssignableTo(InstantSource.class)
                .because("protocols read time from Env.nowMs(), which is virtual in the simulator")
                .allowEmptyShould(false);
    }

    static ArchRule noThreads(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().areAssignableTo(ThreadGroup.class)
                .orShould().dependOnClassesThat().areAssignableTo(ThreadFactory.class)
                .orShould().callMethod(TimeUnit.class, "sleep", long.class)
                .orShould().callMethodWhere(calls("Object.wait/notify/notifyAll", ArchitectureTest::isMonitorMethod))
                .because("a protocol runs on its node's single event loop and schedules timers through Env")
                .allowEmptyShould(false);
    }

    static ArchRule noLocksOrExecutors(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat().resideInAPackage("java.util.concurrent.locks..")
                .orShould().dependOnClassesThat().areAssignableTo(Executor.class)
                .orShould().dependOnClassesThat().belongToAnyOf(Executors.class, CompletableFuture.class,
                        FutureTask.class, ForkJoinTask.class, CountDownLatch.class, CyclicBarrier.class,
                        Semaphore.class, Phaser.class, Exchanger.class, java.util.Timer.class, java.util.TimerTask.class)
                .because("handlers never block or hand work to other threads; all state belongs to one event loop")
                .allowEmptyShould(false);
    }

    static ArchRule noNetworkIo(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat().resideInAnyPackage("java.net..", "javax.net..", "java.nio.channels..")
                .because("protocols send through Env.send(); sockets belong to the runtime (vigne-net)")
                .allowEmptyShould(false);
    }

    static ArchRule noUnseededRandomness(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().callConstructor(Random.class)
                .orShould().callConstructor(SplittableRandom.class)
                .orShould().callMethod(Math.class, "random")
                .orShould().callMethod(StrictMath.class, "random")
                .orShould().dependOnClassesThat().areAssignableTo(ThreadLocalRandom.class)
                .orShould().dependOnClassesThat().areAssignableTo(SecureRandom.class)
                .orShould().callMethod(RandomGenerator.class, "getDefault")
                .orShould().callMethod(RandomGenerator.class, "of", String.class)
                .orShould().callMethod(RandomGeneratorFactory.class, "create")
                .orShould().callMethod(UUID.class, "randomUUID")
                .orShould().callMethod(Collections.class, "shuffle", List.class)
                .because("randomness comes from Env.random(), seeded from the run's seed, so a run replays exactly")
                .allowEmptyShould(false);
    }

    private static DescribedPredicate<JavaMethodCall> calls(String description, Predicate<MethodCallTarget> p) {
        return DescribedPredicate.describe(description, call -> p.test(call.getTarget()));
    }

    private static boolean isMonitorMethod(MethodCallTarget t) {
        List<JavaClass> params = t.getRawParameterTypes();
        return switch (t.getName()) {
            case "notify", "notifyAll" -> params.isEmpty();
            case "wait" -> params.isEmpty() || params.get(0).isEquivalentTo(long.class);
            default -> false;
        };
    }

    // ---- planted violations and a clean protocol, for everyRuleCatchesWhatItForbids ------------

    static final class WallClockUser {
        long now() {
            return System.currentTimeMillis() + System.nanoTime() + Instant.now().getEpochSecond()
                    + LocalDateTime.now().getSecond() + Clock.systemUTC().millis();
        }
    }

    static final class ThreadUser {
        void spawn() throws InterruptedException {
            Thread t = new Thread(() -> { });
            t.start();
            Thread.sleep(1);
            TimeUnit.MILLISECONDS.sleep(1);
            Object o = new Object();
            synchronized (o) {
                o.wait(1);
            }
        }
    }

    static final class LockUser {
        private final ReentrantLock lock = new ReentrantLock();

        void guarded() {
            lock.lock();
            lock.unlock();
        }
    }

    static final class ExecutorUser {
        void async() {
            Executors.newSingleThreadExecutor().shutdown();
            CompletableFuture.runAsync(() -> { });
        }
    }

    static final class SocketUser {
        void connect() throws IOException {
            new Socket("localhost", 1).close();
        }
    }

    static final class RandomUser {
        double roll() {
            return new Random().nextInt() + Math.random() + ThreadLocalRandom.current().nextInt()
                    + new SecureRandom().nextInt() + new SplittableRandom().nextInt();
        }
    }

    /** What protocols may do: seeded generators handed in, digests, plain collections. */
    static final class CleanProtocol {
        private final RandomGenerator random;

        CleanProtocol(RandomGenerator random) {
            this.random = random;
        }

        byte[] key(String name) throws NoSuchAlgorithmException {
            List<Integer> l = new ArrayList<>(List.of(1, 2, 3));
            Collections.shuffle(l, new Random(random.nextLong()));
            return MessageDigest.getInstance("SHA-1").digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
