package org.vigne.sim.fig4;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vigne.sim.data.DataExperiment;

/**
 * {@code vigne sim paper-fig4}: the paper's Fig. 4 (Sect. 7) reproduced, and with
 * {@code --extended} taken further. Runs every simulation of the {@link Fig4Plan}, then writes
 * into one directory a CSV, a PNG and an SVG per panel and {@code summary.json} with the figures
 * of every run. The output directory is checked before anything is simulated, so that a bad
 * {@code --out} costs nothing.
 */
public final class PaperFig4 {
    /** The figures of one run of a panel, as {@code summary.json} lists them. */
    public record RunSummary(String panel, String x, String replay, DataExperiment.Result result) {
    }

    /** What {@code summary.json} holds. */
    public record Summary(Fig4Plan.Options options, int nodes, int loops, List<Integer> readers, int threads, int runs,
                          int distinctRuns, boolean allCompleted,
                          long violations, double wallSeconds, double loadAverageBefore, double loadAverageAfter,
                          List<String> files, List<RunSummary> results) {
    }

    private PaperFig4() {
    }

    /**
     * Creates {@code out} when missing and checks that files can be written in it; fails with one
     * line saying why otherwise.
     */
    public static Path prepareOut(Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file, not a directory");
        }
        try {
            Files.createDirectories(out);
            Path probe = Files.createTempFile(out, ".paper-fig4-", ".probe");
            Files.delete(probe);
        } catch (FileSystemException e) {
            String why = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
            throw new IllegalArgumentException("--out " + out + " cannot be written: " + why);
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + out + " cannot be written: " + e.getMessage());
        }
        return out;
    }

    /** Runs the sweep and writes every file into {@code out} (already {@linkplain #prepareOut prepared}). */
    public static Summary run(Fig4Plan.Options options, Path out, int threads, PrintStream progress)
            throws IOException, InterruptedException {
        double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long wall0 = System.nanoTime();
        List<Fig4Run> runs = Fig4Plan.runs(options);
        Map<DataExperiment.Config, Fig4Outcome> outcomes = new Fig4Sweep(threads, progress).run(runs);
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // charts are drawn off-screen, display or not
        }
        new Fig4Panels(out, runs, outcomes).writeAll();
        List<RunSummary> results = new ArrayList<>();
        boolean allCompleted = true;
        long violations = 0;
        for (Fig4Run r : runs) {
            Fig4Outcome o = outcomes.get(r.config());
            results.add(new RunSummary(r.panel(), r.x(), r.config().commandLine(), o.result()));
        }
        for (Fig4Outcome o : outcomes.values()) {
            allCompleted &= o.result().completed();
            violations += o.violations();
        }
        List<String> files = new ArrayList<>();
        try (var listing = Files.list(out)) {
            listing.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().forEach(files::add);
        }
        files.add("summary.json");
        Summary s = new Summary(options, options.nodesOrDefault(), options.loopsOrDefault(),
                options.readersOrDefault(), threads, runs.size(), outcomes.size(), allCompleted, violations,
                Math.round((System.nanoTime() - wall0) / 1e8) / 10.0, load0,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), files.stream().distinct().toList(),
                results);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("summary.json").toFile(), s);
        return s;
    }
}
