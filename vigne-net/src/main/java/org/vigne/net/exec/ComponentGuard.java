package org.vigne.net.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a node's components die with the node, however it dies. A node killed -9 (or crashed, or
 * taken by the out-of-memory killer) runs no code, and the manager of each of its components
 * restarts it elsewhere: a component left running would be a duplicate worker, writing files and
 * calling the grid beside its restart, which the fail-stop model does not allow (HTCondor's
 * starter kills its job when it loses its daemon for the same reason).
 *
 * <p>How: each component starts in a process group of its own ({@code setsid}), and the node keeps
 * one small shell process, the guard, whose standard input is a pipe from the node. The node tells
 * the guard each group it starts ({@code +PID}), and each whose process ended ({@code !PID}): the
 * guard then kills what is left of it (background jobs the component left behind, as HTCondor kills
 * a job's whole family) and forgets it. When the node dies, the kernel closes
 * its end of the pipe; the guard reads the end of its input and kills every group still named,
 * then exits. It ignores the terminal's signals, so that only its input ends it.
 * A descendant that leaves its group (setsid, a daemon's double fork) escapes, as from
 * {@link ProcessTree}. Where {@code setsid} or {@code sh} is missing, components run unguarded
 * (the node says so once at start); a node that restarts still kills what its previous run left.
 */
final class ComponentGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentGuard.class);
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    private static final List<Path> SH = List.of(Path.of("/bin/sh"), Path.of("/usr/bin/sh"));
    /** The guard: remembers the groups named on its input, kills those left when the input ends. */
    static final String SCRIPT = """
            trap '' HUP INT TERM QUIT PIPE
            groups=
            while IFS= read -r line; do
              case "$line" in
                +*) groups="$groups ${line#+}" ;;
                !*) gone=${line#!}; kept=
                    for g in $groups; do [ "$g" = "$gone" ] || kept="$kept $g"; done
                    groups=$kept
                    kill -9 -"$gone" 2>/dev/null ;;
              esac
            done
            for g in $groups; do kill -9 -"$g" 2>/dev/null; done
            """;

    private final Process guard;
    private final String setsid;
    private final OutputStream to;
    private boolean broken;

    private ComponentGuard(Process guard, String setsid) {
        this.guard = guard;
        this.setsid = setsid;
        this.to = guard.getOutputStream();
    }

    /** Starts a guard, or answers empty (saying why) where this system lacks {@code setsid} or {@code sh}. */
    static Optional<ComponentGuard> start() {
        Optional<Path> setsid = SETSID.stream().filter(Files::isExecutable).findFirst();
        Optional<Path> sh = SH.stream().filter(Files::isExecutable).findFirst();
        if (setsid.isEmpty() || sh.isEmpty()) {
            LOG.warn("no setsid or sh on this system: the components of this node will outlive it if it is killed -9"
                    + " (its next start kills them)");
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(sh.get().toString(), "-c", SCRIPT)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return Optional.of(new ComponentGuard(p, setsid.get().toString()));
        } catch (IOException e) {
            LOG.warn("cannot start the guard that kills this node's components if it dies: {}", e.toString());
            return Optional.empty();
        }
    }

    /** {@code argv} run in a process group of its own, whose id is the started process's pid. */
    List<String> wrap(List<String> argv) {
        List<String> out = new ArrayList<>(argv.size() + 2);
        out.add(setsid);
        out.add("-w");
        out.addAll(argv);
        return out;
    }

    /** From now on the group of {@code pid} (started with {@link #wrap}) dies with this node. */
    void watch(long pid) {
        tell("+" + pid);
    }

    /**
     * The process {@code pid} ended (reaped): kill what is left of its group now, and forget it. A
     * group id is not reused while a process is in the group, so this kills only the component's.
     */
    void end(long pid) {
        tell("!" + pid);
    }

    /** The guard's pid, for tests. */
    long pid() {
        return guard.pid();
    }

    private synchronized void tell(String line) {
        if (broken) {
            return;
        }
        try {
            to.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            to.flush();
        } catch (IOException e) {
            broken = true;
            LOG.warn("the guard that kills this node's components if it dies has gone ({}): they now outlive a"
                    + " kill -9 of the node", e.toString());
        }
    }

    /** Ends the guard as the node's death would: it kills the groups still named, then exits. */
    @Override
    public synchronized void close() {
        broken = true;
        try {
            to.close();
        } catch (IOException e) {
            guard.destroyForcibly();
        }
    }
}
