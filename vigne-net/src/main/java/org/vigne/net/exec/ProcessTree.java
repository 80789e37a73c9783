package org.vigne.net.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Processes as trees: killing a component kills what it started too, and a node that restarts
 * kills what its previous run left running (each sandbox records its process's pid and start
 * time, so a recycled pid is never mistaken for it). A process that detached itself from the
 * tree (double fork, setsid) escapes both: the operating system no longer says whose it is.
 */
final class ProcessTree {
    private static final int KILL_ROUNDS = 5;

    private ProcessTree() {
    }

    /** Kills {@code root} and all its descendants, forcibly; descendants first seen are killed first. */
    static void destroy(ProcessHandle root) {
        for (int round = 0; round < KILL_ROUNDS; round++) {
            List<ProcessHandle> tree = root.descendants().toList();
            for (ProcessHandle h : tree) {
                h.destroyForcibly();
            }
            root.destroyForcibly();
            if (tree.isEmpty() || root.descendants().findAny().isEmpty()) {
                return;
            }
        }
    }

    /** Records {@code p}'s pid and start time in {@code pidFile}. */
    static void record(Process p, Path pidFile) throws IOException {
        long start = p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        Files.writeString(pidFile, p.pid() + " " + start + "\n", StandardCharsets.US_ASCII);
    }

    /** Kills every still-running process recorded in a pid file under {@code root}; returns how many. */
    static int reap(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int killed = 0;
        try (Stream<Path> files = Files.find(root, 3, (p, a) -> a.isRegularFile() && p.getFileName().toString().equals("pid"))) {
            for (Path f : files.toList()) {
                Optional<ProcessHandle> h = recorded(f);
                if (h.isPresent()) {
                    destroy(h.get());
                    killed++;
                }
            }
        }
        return killed;
    }

    private static Optional<ProcessHandle> recorded(Path pidFile) {
        try {
            String[] parts = Files.readString(pidFile, StandardCharsets.US_ASCII).trim().split(" ");
            long pid = Long.parseLong(parts[0]);
            long start = Long.parseLong(parts[1]);
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> h.info().startInstant()
                    .map(i -> i.toEpochMilli() == start).orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
