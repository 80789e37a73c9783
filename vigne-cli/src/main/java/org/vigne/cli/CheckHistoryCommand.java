package org.vigne.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vigne.sim.check.CheckReport;
import org.vigne.sim.check.HistoryJson;
import org.vigne.sim.check.LinearizabilityChecker;
import org.vigne.sim.check.ObjectResult;
import org.vigne.sim.check.Operation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigne check-history FILE...}: whether the shared-object operations recorded in history
 * files (README, "History format") are linearizable, so that a history recorded outside the
 * simulator, by real components, is judged by the same {@link LinearizabilityChecker} as the
 * experiments' own. The files are one history together (one file per process, typically).
 * Exit code 0 when every object's history is linearizable, 1 when one is not (or the search gave
 * up), 2 on a file that cannot be read or a malformed line.
 */
@Command(name = "check-history", mixinStandardHelpOptions = true,
        description = "Check that the shared-object history in FILE... (JSON lines, README \"History format\") is"
                + " linearizable: one line per object and a summary. Exit 0 if linearizable, 1 if not, 2 on a"
                + " malformed file.")
final class CheckHistoryCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "history files, checked as one history")
    List<Path> files;

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "" + LinearizabilityChecker.DEFAULT_MAX_STEPS,
            description = "search steps per object before its verdict is UNKNOWN (default: ${DEFAULT-VALUE})")
    long maxSteps;

    @Override
    public Integer call() {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("--max-steps must be at least 1, not " + maxSteps);
        }
        List<Operation> history = new ArrayList<>();
        for (Path f : files) {
            try {
                history.addAll(HistoryJson.read(f));
            } catch (IOException e) {
                spec.commandLine().getErr().println("vigne: " + f + ": " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 2;
            }
        }
        CheckReport report = new LinearizabilityChecker().withMaxSteps(maxSteps).check(history);
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? Json.line(asJson(report)) : report.describe() + summary(report));
        out.flush();
        return report.linearizable() ? 0 : 1;
    }

    private String summary(CheckReport r) {
        String verdict = r.linearizable() ? "linearizable"
                : r.violations() > 0 ? "NOT linearizable (" + r.violations() + " object" + plural(r.violations()) + ")"
                : "undecided (" + r.unknown() + " object" + plural(r.unknown()) + " past --max-steps)";
        return verdict + ": " + r.objects().size() + " object" + plural(r.objects().size()) + ", " + r.operations()
                + " operations from " + files.size() + " file" + plural(files.size()) + ", " + r.steps() + " steps";
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }

    private Map<String, Object> asJson(CheckReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("linearizable", r.linearizable());
        m.put("files", files.size());
        m.put("operations", r.operations());
        m.put("violations", r.violations());
        m.put("unknown", r.unknown());
        m.put("steps", r.steps());
        List<Map<String, Object>> objects = new ArrayList<>();
        for (ObjectResult o : r.objects()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("object", o.object());
            j.put("verdict", o.verdict().name());
            j.put("operations", o.operations());
            j.put("steps", o.steps());
            if (o.verdict() == ObjectResult.Verdict.NOT_LINEARIZABLE) {
                j.put("stuckAt", o.stuckAt() == null ? null : historyLines(List.of(o.stuckAt())).get(0));
                j.put("explanation", historyLines(o.explanation()));
                j.put("fromAnyValue", o.fromAnyValue());
            }
            objects.add(j);
        }
        m.put("objectResults", objects);
        return m;
    }

    /** Operations as the history format's JSON objects, so an explanation reads like the input. */
    private static List<JsonNode> historyLines(List<Operation> ops) {
        try {
            StringWriter w = new StringWriter();
            HistoryJson.write(ops, w);
            List<JsonNode> lines = new ArrayList<>();
            for (String line : w.toString().split("\n")) {
                lines.add(JSON.readTree(line));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
