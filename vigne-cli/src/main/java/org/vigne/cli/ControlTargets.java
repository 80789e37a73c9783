package org.vigne.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vigne.net.node.DataDir;
import org.vigne.net.node.GridFile;
import org.vigne.net.node.HostPort;
import org.vigne.net.node.PrivateFiles;
import org.vigne.net.node.VigneHome;
import picocli.CommandLine.Option;

/**
 * The {@code --node} and {@code --data-dir} options of the commands that talk to a running node,
 * and how they resolve to control clients: a data dir gives the token (and the address); an
 * address alone is matched against the local grid and the data dirs under ~/.vigne; with neither,
 * the commands reach the grid that {@code vigne local} runs.
 */
final class ControlTargets {
    @Option(names = "--node", paramLabel = "HOST:PORT", description = "control API address of the node")
    String node;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "data dir of the node (holds its control token)")
    Path dataDir;

    /** Every node the options designate: one, or all the nodes of the local grid. */
    List<ControlClient> all() {
        HostPort address = node == null ? null : HostPort.parse(node, "--node");
        if (dataDir != null) {
            return List.of(fromDataDir(dataDir, address));
        }
        if (address != null) {
            return List.of(fromAddress(address));
        }
        Path state = VigneHome.localGridDir();
        List<GridFile.Entry> grid = GridFile.read(state).orElseThrow(() -> new CliFailure(
                "no local grid is running (start one with 'vigne local'); or give --node HOST:PORT or --data-dir DIR"));
        List<ControlClient> out = new ArrayList<>();
        for (GridFile.Entry e : grid) {
            out.add(fromDataDir(e.dataDir(), e.control()));
        }
        return out;
    }

    /** The one node to send a request to: the designated node, or node 0 of the local grid. */
    ControlClient one() {
        return all().get(0);
    }

    /**
     * The client for the node whose data dir is {@code dir}, at {@code address} or the one its
     * {@code control-address} file names; only if other users cannot write in it, since they could
     * have swapped its files.
     */
    private static ControlClient fromDataDir(Path dir, HostPort address) {
        if (!Files.isDirectory(dir)) {
            throw new CliFailure("data dir " + dir + " does not exist");
        }
        try {
            PrivateFiles.requirePrivateDir(dir);
        } catch (IOException e) {
            throw new CliFailure("cannot check the data dir " + dir + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliFailure("data dir " + e.getMessage());
        }
        Path tokenFile = dir.resolve(DataDir.CONTROL_TOKEN);
        String token = DataDir.readControlToken(dir).orElseThrow(() -> new CliFailure(
                "no control token in " + tokenFile + ": is a node running with --data-dir " + dir + "?"));
        HostPort at = address != null ? address : DataDir.readControlAddress(dir).orElseThrow(() -> new CliFailure(
                "no control address in " + dir.resolve(DataDir.CONTROL_ADDRESS) + ": is a node running with --data-dir " + dir + "?"));
        return new ControlClient(at, token, tokenFile.toString());
    }

    private static ControlClient fromAddress(HostPort address) {
        Optional<Path> dir = GridFile.read(VigneHome.localGridDir()).orElse(List.of()).stream()
                .filter(e -> e.control().equals(address)).map(GridFile.Entry::dataDir).findFirst();
        if (dir.isEmpty()) {
            dir = scanHome(address);
        }
        return fromDataDir(dir.orElseThrow(() -> new CliFailure("no control token for " + address
                + " under " + VigneHome.dir() + ": give the node's --data-dir")), address);
    }

    private static Optional<Path> scanHome(HostPort address) {
        Path home = VigneHome.dir();
        if (!Files.isDirectory(home)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(home, Files::isDirectory)) {
            for (Path d : dirs) {
                if (DataDir.readControlAddress(d).filter(address::equals).isPresent()) {
                    return Optional.of(d);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
