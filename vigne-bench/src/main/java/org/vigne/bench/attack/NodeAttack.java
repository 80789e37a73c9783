package org.vigne.bench.attack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Attacks a real {@code vigne node} process on loopback the way issue 7's review did, and prints
 * one JSON object with what it cost the node (started with the JVM options the {@code vigne}
 * launcher gives {@code vigne node}, unless {@code --jvm} says otherwise): resident memory before, during and after, the time
 * an honest node takes to join meanwhile, log lines written, how fast connections are closed.
 *
 * <pre>
 * java -cp vigne-cli/target/vigne.jar:vigne-bench/target/classes org.vigne.bench.attack.NodeAttack \
 *     --attack preauth|handshakes|control [--seconds 30] [--connections 200] [--from 127.0.0.2] \
 *     [--port 20000] [--dir DIR] [--jvm "..."] [--target-cp JAR] [--warmup 0]
 * </pre>
 * {@code preauth}: connections sending a 2 MiB length prefix and almost 2 MiB, again and again
 * for the given seconds, with honest joins 5, 15 and 25 s in (and one before, which also warms
 * up both JVMs' join code); {@code --warmup S} runs the same attack for S seconds first and waits
 * 10 s, so the baseline includes what the JIT and the heap take once for good. {@code handshakes}: {@code --count}
 * (2000) bad handshakes on 8 threads. {@code control}: token-less control connections with part
 * of a 1 MiB body ({@code --partial headers}: part of the headers). Attacks come from
 * {@code --from}, honest nodes from 127.0.0.1 (both loopback, as two machines would be two
 * addresses).
 */
public final class NodeAttack {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The options the {@code vigne} launcher gives {@code vigne node}. */
    private static final String NODE_JVM =
            "-XX:+UseSerialGC -Xms64m -XX:+IgnoreUnrecognizedVMOptions -XX:TrimNativeHeapInterval=5000";

    private NodeAttack() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        String attack = o.getOrDefault("--attack", "preauth");
        int port = Integer.parseInt(o.getOrDefault("--port", "20000"));
        Path dir = Path.of(o.getOrDefault("--dir", Files.createTempDirectory("vigne-attack").toString()));
        List<String> jvm = Arrays.asList(o.getOrDefault("--jvm", NODE_JVM).trim().split("\\s+"));
        if (o.containsKey("--target-cp")) {
            // The node process is started with this JVM's class path: point it at another build (e.g.
            // the one before a fix) to measure that build with the same harness.
            System.setProperty("java.class.path", o.get("--target-cp"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("attack", attack);
        out.put("targetJvmOptions", jvm);
        out.put("loadAverageAtStart", loadAverage());
        try (AttackTarget target = AttackTarget.start(dir, port, jvm);
             RssSampler rss = new RssSampler(target.pid(), 100)) {
            switch (attack) {
                case "preauth" -> preauth(o, target, rss, port, out);
                case "handshakes" -> handshakes(o, target, out);
                case "control" -> control(o, target, rss, out);
                default -> throw new IllegalArgumentException("--attack preauth|handshakes|control, got " + attack);
            }
            out.put("nodeAliveAfter", target.alive());
            JsonNode net = target.netStats();
            Map<String, Object> counters = new LinkedHashMap<>();
            for (String f : List.of("refusedConnections", "oversizedFrames", "badFrames", "authFailures")) {
                counters.put(f, net.path(f).asLong());
            }
            out.put("nodeCounters", counters);
        }
        out.put("loadAverageAtEnd", loadAverage());
        System.out.println(JSON.writeValueAsString(out));
        System.exit(0);
    }

    private static void preauth(Map<String, String> o, AttackTarget target, RssSampler rss, int port,
                                Map<String, Object> out) throws Exception {
        int seconds = Integer.parseInt(o.getOrDefault("--seconds", "30"));
        int warmup = Integer.parseInt(o.getOrDefault("--warmup", "0"));
        int connections = Integer.parseInt(o.getOrDefault("--connections", "200"));
        String from = o.getOrDefault("--from", "127.0.0.2");
        int honestPort = port + 2;
        if (warmup > 0) {
            PreAuthFlood first = new PreAuthFlood(target.address(), from);
            first.start(connections, warmup * 1000L);
            first.join();
            sleepUntil(rss, rss.nowMs() + 10_000);
        }
        out.put("honestJoinBeforeAttackMs", HonestJoin.time(target.address(), target.secretFile(), honestPort++));
        long beforeFrom = sleepUntil(rss, rss.nowMs() + 2000);
        long start = sleepUntil(rss, beforeFrom + 3000);
        double before = rss.mean(beforeFrom, start);
        long lines0 = target.logLines();
        PreAuthFlood flood = new PreAuthFlood(target.address(), from);
        flood.start(connections, seconds * 1000L);
        List<Long> joins = new ArrayList<>();
        for (int at = 5; at < seconds; at += 10) {
            sleepUntil(rss, start + at * 1000L);
            joins.add(HonestJoin.time(target.address(), target.secretFile(), honestPort++));
        }
        flood.join();
        long end = rss.nowMs();
        long lines1 = target.logLines();
        sleepUntil(rss, end + 15_000);
        out.put("warmupSeconds", warmup);
        out.put("seconds", seconds);
        out.put("attackers", connections);
        out.put("from", from);
        out.putAll(flood.figures());
        out.put("honestJoinDuringAttackMs", joins);
        out.put("rssBeforeMiB", round(before));
        out.put("rssPeakDuringMiB", round(rss.peak(start, end)));
        out.put("rssGrowthMiB", round(rss.peak(start, end) - before));
        out.put("rssAtEndMiB", round(rss.peak(end, end + 200)));
        out.put("rss10sAfterEndMiB", round(rss.mean(end + 9_500, end + 10_500)));
        RssSampler.Sample back = rss.firstAtMost(end, before + 16);
        out.put("backWithin16MiBOfBeforeAfterMs", back == null ? null : back.atMs() - end);
        out.put("logLinesDuringAttack", lines1 - lines0);
        out.put("logLinesDuringAttackText", target.logLinesFrom(lines0).stream().limit(lines1 - lines0).toList());
    }

    private static void handshakes(Map<String, String> o, AttackTarget target, Map<String, Object> out) throws Exception {
        int count = Integer.parseInt(o.getOrDefault("--count", "2000"));
        long lines0 = target.logLines();
        BadHandshakes attack = new BadHandshakes(target.address(), o.getOrDefault("--from", "127.0.0.2"));
        long t0 = System.nanoTime();
        attack.run(count, 8);
        long ms = (System.nanoTime() - t0) / 1_000_000L;
        LockSupport.parkNanos(2_000_000_000L);
        long lines1 = target.logLines();
        out.put("badHandshakes", count);
        out.put("tookMs", ms);
        out.putAll(attack.figures());
        out.put("logLinesWithin2sOfTheEnd", lines1 - lines0);
        if (Boolean.parseBoolean(o.getOrDefault("--wait-summary", "true"))) {
            LockSupport.parkNanos(32_000_000_000L);
        }
        List<String> lines = target.logLinesFrom(lines0);
        out.put("logLinesWithin34sOfTheEnd", lines.size());
        out.put("logLines", lines);
        out.put("anyLineWithTheForgedHostOrAnEscape", lines.stream().anyMatch(l -> l.contains("10.9.8.7") || l.contains("\u001b")));
    }

    private static void control(Map<String, String> o, AttackTarget target, RssSampler rss, Map<String, Object> out)
            throws Exception {
        int connections = Integer.parseInt(o.getOrDefault("--connections", "200"));
        boolean headers = o.getOrDefault("--partial", "body").equals("headers");
        long beforeFrom = sleepUntil(rss, rss.nowMs() + 5000);
        long start = sleepUntil(rss, beforeFrom + 3000);
        double before = rss.mean(beforeFrom, start);
        ControlFlood flood = new ControlFlood(target.control(), connections, headers, 30_000);
        flood.run();
        long end = rss.nowMs();
        sleepUntil(rss, end + 11_000);
        out.putAll(flood.figures());
        out.put("attackMs", end - start);
        out.put("rssBeforeMiB", round(before));
        out.put("rssPeakDuringMiB", round(rss.peak(start, end)));
        out.put("rssGrowthMiB", round(rss.peak(start, end) - before));
        out.put("rss10sAfterEndMiB", round(rss.mean(end + 9_500, end + 10_500)));
    }

    /** Parks until the sampler's clock reads {@code atMs}; returns it. */
    private static long sleepUntil(RssSampler rss, long atMs) {
        long now;
        while ((now = rss.nowMs()) < atMs) {
            LockSupport.parkNanos((atMs - now) * 1_000_000L);
        }
        return atMs;
    }

    private static double round(double mib) {
        return Math.round(mib * 10) / 10.0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
