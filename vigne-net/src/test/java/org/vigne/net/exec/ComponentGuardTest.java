package org.vigne.net.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.net.fixtures.Await;

/**
 * The guard kills the process groups it was told of when its input ends (what the kernel does to
 * the pipe when the node dies), with their children, and what a component left in the background
 * when it ends; not the groups never named; not on a signal.
 */
class ComponentGuardTest {
    /** A component with two children in its group, as a shell script that started background jobs. */
    private static final List<String> FAMILY = List.of("sh", "-c", "sleep 300 & sleep 301 & wait");

    @TempDir
    Path dir;

    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        });
    }

    /** Whether {@code h} runs: a killed process whose parent died is a zombie until init reaps it, which may take seconds. */
    static boolean running(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return h.isAlive();
        }
    }

    private ComponentGuard guard() {
        Optional<ComponentGuard> g = ComponentGuard.start();
        if (System.getProperty("os.name", "").startsWith("Linux")) {
            // Linux always has setsid (util-linux) and sh: a guard missing there is a defect, not a skip.
            assertThat(g).as("the guard on Linux (setsid and sh)").isPresent();
        }
        assumeThat(g).as("setsid and sh on this system").isPresent();
        started.add(ProcessHandle.of(g.get().pid()).orElseThrow());
        return g.get();
    }

    /** Starts {@link #FAMILY} through the guard's wrapper and answers it with its two children. */
    private List<ProcessHandle> family(ComponentGuard guard) throws IOException {
        Process p = new ProcessBuilder(guard.wrap(FAMILY)).start();
        started.add(p.toHandle());
        Await.until("the two children start", () -> p.toHandle().descendants().count() == 2);
        List<ProcessHandle> all = new ArrayList<>(p.toHandle().descendants().toList());
        all.add(p.toHandle());
        return all;
    }

    @Test
    void inputEnds_theWatchedGroupDies_childrenToo() throws IOException {
        ComponentGuard guard = guard();
        List<ProcessHandle> family = family(guard);
        guard.watch(family.get(family.size() - 1).pid());

        guard.close();

        Await.until("the component and its children die", () -> family.stream().noneMatch(ComponentGuardTest::running));
        Await.until("the guard exits", () -> ProcessHandle.of(guard.pid()).isEmpty()
                || !ProcessHandle.of(guard.pid()).get().isAlive());
    }

    @Test
    void groupNeverNamed_outlivesTheGuard_theNamedOneDoesNot() throws Exception {
        ComponentGuard guard = guard();
        List<ProcessHandle> unnamed = family(guard);
        List<ProcessHandle> watched = family(guard);
        guard.watch(watched.get(watched.size() - 1).pid());

        guard.close();

        Await.until("the watched group dies", () -> watched.stream().noneMatch(ComponentGuardTest::running));
        ProcessHandle g = ProcessHandle.of(guard.pid()).orElse(null);
        if (g != null) {
            g.onExit().get(10, TimeUnit.SECONDS);
        }
        assertThat(unnamed).allMatch(ProcessHandle::isAlive);
    }

    @Test
    void componentEnds_whatItLeftInTheBackgroundIsKilled() throws Exception {
        ComponentGuard guard = guard();
        Process p = new ProcessBuilder(guard.wrap(List.of("sh", "-c", "sleep 300 >/dev/null 2>&1 & echo $!"))).start();
        started.add(p.toHandle());
        guard.watch(p.pid());
        long leftover = Long.parseLong(new String(p.getInputStream().readAllBytes()).strip());
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        ProcessHandle job = ProcessHandle.of(leftover).orElseThrow();
        started.add(job);
        assertThat(job.isAlive()).as("the background job outlives its parent").isTrue();

        guard.end(p.pid());

        Await.until("the background job dies", () -> !running(job));
        guard.close();
    }

    @Test
    void terminalSignals_doNotEndTheGuard() throws Exception {
        ComponentGuard guard = guard();
        List<ProcessHandle> family = family(guard);
        guard.watch(family.get(family.size() - 1).pid());
        ProcessHandle g = ProcessHandle.of(guard.pid()).orElseThrow();

        for (String signal : List.of("-TERM", "-INT", "-HUP")) {
            assertThat(new ProcessBuilder("kill", signal, Long.toString(g.pid())).start().waitFor()).isZero();
        }
        Thread.sleep(200);

        assertThat(g.isAlive()).isTrue();
        assertThat(family).allMatch(ProcessHandle::isAlive);
        guard.close();
        Await.until("the group dies once the input ends", () -> family.stream().noneMatch(ComponentGuardTest::running));
    }

    @Test
    void wrappedCommand_keepsItsPidAndExitCode_inAGroupOfItsOwn() throws Exception {
        ComponentGuard guard = guard();
        Process p = new ProcessBuilder(guard.wrap(List.of("sh", "-c", "ps -o pgid= -p $$; exit 7")))
                .redirectErrorStream(true).start();
        started.add(p.toHandle());

        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(7);
        assertThat(new String(p.getInputStream().readAllBytes()).strip()).isEqualTo(Long.toString(p.pid()));
        guard.close();
    }

    @Test
    void unstartablePrograms_areNamedBeforeTheStart() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path tool = Files.writeString(bin.resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("plain.sh"), "echo\n");
        Files.writeString(bin.resolve("plain"), "echo\n");
        String path = "/nonexistent:" + bin;

        assertThat(StartErrors.unstartable("tool", dir, path)).isEmpty();
        assertThat(StartErrors.unstartable("bin/tool", dir, "")).isEmpty();
        assertThat(StartErrors.unstartable("sh", dir, null)).isEmpty();
        assertThat(StartErrors.unstartable("no-such-tool", dir, path)).contains("command not found: no-such-tool");
        assertThat(StartErrors.unstartable("./missing", dir, path)).contains("command not found: ./missing");
        assertThat(StartErrors.unstartable("./plain.sh", dir, path))
                .contains("permission denied: ./plain.sh (not executable?)");
        assertThat(StartErrors.unstartable("plain", dir, path)).contains("permission denied: plain (not executable?)");
        assertThat(StartErrors.unstartable("bin", dir, "" + dir)).contains("command not found: bin");
    }
}
