import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
        boolean writer = System.getenv("VIGNE_COMPONENT").equals("0");
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
                    value.writeString(v);
                    append(log, loop + " " + v);
                }
                written.await();
                if (!writer) {
                    append(log, loop + " " + value.readString());
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

    private static void append(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
