import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Base64;
import org.vigne.client.Barrier;
import org.vigne.client.SharedObject;
import org.vigne.client.Vigne;

/**
 * The paper's single-writer multiple-readers application (Sect. 7) as a real component, with the
 * Java client: component 0 writes, the others read. Each loop: checkpoint, the writer writes the
 * loop's value, barrier "written", each reader reads it, barrier "read".
 *
 * <p>Usage: {@code java -cp vigne-client.jar Swmr.java LOOPS COMPONENTS [PAUSE_MS]}. Its state (the
 * next loop, and what it wrote or read so far) lives in {@code VIGNE_CHECKPOINT_DIR}, so a restart
 * from the application's last coordinated checkpoint resumes at that loop with the log of the
 * loops before it. At the end it writes {@code swmr.txt}: one line per loop, "LOOP VALUE", and
 * a line per start, "start LOOP incarnation I".
 *
 * <p>It also records every operation it makes on the shared object in {@code history.jsonl}, in the
 * README's history format (one JSON line per operation; times are wall-clock milliseconds, which
 * every process of a one-machine grid reads from the same clock), so that {@code vigne
 * check-history} can check that the object behaved atomically. That file belongs to this
 * incarnation only (it starts empty at every start): an application restart rolls the object back
 * to the checkpoint's value, so only one epoch's history, the last, is collected and checked.
 */
public final class Swmr {
    public static void main(String[] args) throws Exception {
        int loops = Integer.parseInt(args[0]);
        int parties = Integer.parseInt(args[1]);
        long pauseMs = args.length > 2 ? Long.parseLong(args[2]) : 0;
        Path dir = Path.of(System.getenv("VIGNE_CHECKPOINT_DIR"));
        Path next = dir.resolve("next-loop");
        Path log = dir.resolve("log.txt");
        Path starts = dir.resolve("starts.txt");
        String component = System.getenv("VIGNE_COMPONENT");
        boolean writer = component.equals("0");
        Path history = Path.of("history.jsonl");
        Files.writeString(history, "");
        int loop = Files.exists(next) ? Integer.parseInt(Files.readString(next).trim()) : 0;
        append(starts, "start " + loop + " incarnation " + System.getenv("VIGNE_INCARNATION"));
        System.out.println((writer ? "writer" : "reader") + ": starting at loop " + loop + " of " + loops);

        try (Vigne vigne = Vigne.fromEnvironment()) {
            SharedObject value = vigne.object("value");
            Barrier written = vigne.barrier("written", parties);
            Barrier read = vigne.barrier("read", parties);
            for (; loop < loops; loop++) {
                Files.writeString(next, Integer.toString(loop));
                vigne.checkpoint();
                if (writer) {
                    String v = "value of loop " + loop;
                    byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
                    String call = now();
                    value.write(bytes);
                    record(history, component, "write", bytes, null, call);
                    append(log, loop + " " + v);
                }
                written.await();
                if (!writer) {
                    String call = now();
                    byte[] got = value.read();
                    record(history, component, "read", null, got, call);
                    append(log, loop + " " + (got == null ? null : new String(got, StandardCharsets.UTF_8)));
                }
                read.await();
                if (pauseMs > 0) {
                    Thread.sleep(pauseMs);
                }
            }
        }
        String out = (Files.exists(log) ? Files.readString(log) : "") + Files.readString(starts);
        Files.writeString(Path.of("swmr.txt"), out);
        System.out.println((writer ? "writer" : "reader") + ": done");
    }

    /** One operation, as a line of the README's history format, appended when it has returned. */
    private static void record(Path history, String process, String op, byte[] input, byte[] output, String call)
            throws IOException {
        String line = "{\"process\":\"" + process + "\",\"object\":\"value\",\"op\":\"" + op
                + "\",\"input\":" + base64(input) + ",\"output\":" + base64(output)
                + ",\"call\":" + call + ",\"return\":" + now() + "}";
        append(history, line);
    }

    private static String base64(byte[] v) {
        return v == null ? "null" : "\"" + Base64.getEncoder().encodeToString(v) + "\"";
    }

    /** Wall-clock milliseconds since the epoch, to the microsecond, as a JSON number. */
    private static String now() {
        Instant t = Instant.now();
        long ms = t.getEpochSecond() * 1000 + t.getNano() / 1_000_000;
        return ms + "." + String.format("%03d", t.getNano() / 1000 % 1000);
    }

    private static void append(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
