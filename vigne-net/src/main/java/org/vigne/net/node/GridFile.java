package org.vigne.net.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code grid} file of a running local grid: one line per node, {@code CONTROL_ADDRESS
 * NODE_ADDRESS DATA_DIR}, so the {@code vigne} commands can reach the grid with no options. It
 * exists while the grid runs (a grid that stopped cleanly removes it).
 */
public final class GridFile {
    public static final String NAME = "grid";

    /** One node of the grid. */
    public record Entry(HostPort control, HostPort node, Path dataDir) {
    }

    private GridFile() {
    }

    public static void write(Path stateDir, List<Entry> entries) {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(e.control()).append(' ').append(e.node()).append(' ').append(e.dataDir().toAbsolutePath()).append('\n');
        }
        try {
            PrivateFiles.write(stateDir.resolve(NAME), sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateDir.resolve(NAME), e);
        }
    }

    /** The entries of the grid whose state is in {@code stateDir}, or empty when no grid runs there. */
    public static Optional<List<Entry>> read(Path stateDir) {
        Path f = stateDir.resolve(NAME);
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        List<Entry> out = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split(" ", 3);
            if (parts.length < 3) {
                throw new IllegalArgumentException(f + " is damaged: '" + line + "'");
            }
            out.add(new Entry(HostPort.parse(parts[0], f.toString()), HostPort.parse(parts[1], f.toString()), Path.of(parts[2])));
        }
        return Optional.of(out);
    }

    public static void delete(Path stateDir) {
        try {
            Files.deleteIfExists(stateDir.resolve(NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + stateDir.resolve(NAME), e);
        }
    }
}
