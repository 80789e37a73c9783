package org.vigne.cli;

import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vigne.net.node.DhtSpec;
import org.vigne.net.node.HostPort;
import org.vigne.net.node.NodeDaemon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigne node}: runs one node in the foreground until SIGTERM or Ctrl-C, then leaves gracefully. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run one grid node in the foreground (stop it with Ctrl-C or SIGTERM: it leaves gracefully).")
final class NodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", description = "address the node listens on")
    String listen;

    @Option(names = "--advertise", paramLabel = "HOST", description = "host other nodes connect to (default: the --listen host)")
    String advertise;

    @Option(names = "--join", paramLabel = "HOST:PORT,...", description = "nodes of an existing grid to join through; none: start a new grid")
    String join;

    @Option(names = "--secret-file", required = true, paramLabel = "FILE", description = "file holding the grid's shared secret")
    Path secretFile;

    @Option(names = "--control", paramLabel = "127.0.0.1:PORT", description = "control API address, loopback only (default: a free port)")
    String control;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where the node keeps its id and control token (default: ~/.vigne/PORT)")
    Path dataDir;

    @Option(names = "--dht", paramLabel = "NAME:R,...", description = "DHTs to declare besides default:3 (same on every node)")
    String dhts;

    @Option(names = "--slots", paramLabel = "N", description = "slots offered to application components (default: the number of cores)")
    Integer slots;

    @Option(names = "--lease-ms", paramLabel = "MS", description = "how long a component may read its near copy of a shared"
            + " object without asking this node, and the longest a component that never answers delays a write; 0: no near"
            + " copies (default ${DEFAULT-VALUE})", defaultValue = "1500")
    long leaseMs;

    @Mixin
    DetectorOptions detector;

    @Override
    public Integer call() throws BindException {
        if (slots != null && slots < 0) {
            throw new IllegalArgumentException("--slots must be 0 or more, not " + slots);
        }
        HostPort listenAt = HostPort.parse(listen, "--listen");
        NodeDaemon.Options o = new NodeDaemon.Options(listenAt, advertise,
                join == null ? List.of() : HostPort.parseList(join, "--join"), secretFile,
                control == null ? null : HostPort.parse(control, "--control"), dataDir, DhtSpec.withDefault(dhts),
                slots == null ? Runtime.getRuntime().availableProcessors() : slots, detector.overlay(), leaseMs);
        NodeDaemon daemon = NodeDaemon.start(o);
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::stop, "vigne-leave"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("node " + daemon.self().id());
        out.println("  listening on " + daemon.self().address() + ", control API on " + daemon.controlAddress());
        out.println("  data dir " + daemon.dataDir().toAbsolutePath());
        out.println(o.join().isEmpty() ? "  started a new grid" : "  joining through " + join);
        out.flush();
        daemon.stopped().join();
        return 0;
    }
}
