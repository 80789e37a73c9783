package org.vigne.sim.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-lines history format: what README's "History format" promises, both ways. */
class HistoryJsonTest {
    private static final String DOCUMENTED = """
            {"process":"w0","object":"x","op":"write","input":"djE=","output":null,"call":10,"return":20}
            {"process":"r1","object":"x","op":"read","input":null,"output":"djE=","call":12,"return":31.5}

            {"process":"c2","object":"x","op":"cas","input":{"expected":"djE=","new":"djI="},"output":true,"call":40,"return":45}
            {"process":"c3","object":"x","op":"cas","input":{"expected":null,"new":"djI="},"output":null,"call":41,"return":null}
            {"process":"r4","object":"y","op":"read","input":null,"output":null,"call":50,"return":51,"note":"ignored"}
            """;

    private static byte[] v(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theDocumentedLines_readAsTheOperationsTheyDescribe() throws IOException {
        List<Operation> ops = HistoryJson.read(new StringReader(DOCUMENTED));
        assertThat(ops).containsExactly(
                Operation.write("w0", "x", v("v1"), 10, 20),
                Operation.read("r1", "x", v("v1"), 12, 31.5),
                Operation.cas("c2", "x", v("v1"), v("v2"), true, 40, 45),
                Operation.cas("c3", "x", null, v("v2"), false, 41, Operation.NEVER),
                Operation.read("r4", "y", null, 50, 51));
    }

    @Test
    void writingThenReading_givesTheSameHistory_andWholeMillisecondsAsIntegers(@TempDir Path dir) throws IOException {
        List<Operation> ops = List.of(
                Operation.write("w0", "x", new byte[] {0, -1, 7}, 10, 20),
                Operation.read("r1", "x", null, 12, 31.25),
                Operation.read("r1", "x", null, 40, Operation.NEVER),
                Operation.cas("c2", "x", new byte[0], v("v2"), false, 40, 45),
                Operation.write("w0", "x", null, 50, Operation.NEVER));
        Path file = dir.resolve("history.jsonl");
        HistoryJson.write(ops, file);
        assertThat(HistoryJson.read(file)).containsExactlyElementsOf(ops);
        assertThat(Files.readAllLines(file)).hasSize(5).first().asString()
                .isEqualTo("{\"process\":\"w0\",\"object\":\"x\",\"op\":\"write\",\"input\":\"AP8H\",\"output\":null,"
                        + "\"call\":10,\"return\":20}");
        StringWriter w = new StringWriter();
        HistoryJson.write(ops.subList(1, 3), w);
        assertThat(w.toString()).contains("\"return\":31.25").contains("\"return\":null");
    }

    @Test
    void aMalformedLine_isRefusedWithItsLineNumberAndWhy() {
        assertRefused("{\"process\":\"p\",\"object\":\"x\",\"op\":\"read\",\"input\":null,\"output\":null,\"call\":1,"
                + "\"return\":2}\n{\"process\":\"p\",\"object\":\"x\",\"op\":\"delete\",\"call\":3,\"return\":4}",
                "history line 2: unknown op \"delete\"");
        assertRefused("{\"process\":\"p\",\"op\":\"read\",\"call\":1,\"return\":2}", "history line 1: missing \"object\"");
        assertRefused("{\"process\":\"p\",\"object\":\"x\",\"op\":\"read\",\"output\":\"@@\",\"call\":1,\"return\":2}",
                "\"output\" is not base64");
        assertRefused("{\"process\":\"p\",\"object\":\"x\",\"op\":\"cas\",\"input\":{\"expected\":null,\"new\":null},"
                + "\"output\":\"yes\",\"call\":1,\"return\":2}", "a returned cas's output is true or false");
        assertRefused("{\"process\":\"p\",\"object\":\"x\",\"op\":\"read\",\"output\":\"AA==\",\"call\":1,\"return\":null}",
                "never returned has no output");
        assertRefused("{\"process\":\"p\",\"object\":\"x\",\"op\":\"write\",\"input\":null,\"call\":5,\"return\":4}",
                "call <= return");
        assertRefused("{\"process\":\"p\",\"object\":\"x\",\"op\":\"read\",\"call\":\"soon\",\"return\":4}",
                "\"call\" must be a number");
        assertRefused("[1, 2]", "not a JSON object");
        assertRefused("{\"process\": ", "history line 1");
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> HistoryJson.read(new StringReader(text)))
                .isInstanceOf(IOException.class).hasMessageContaining(message);
    }

    @Test
    void aRecordedHistory_keepsUnansweredCallsAsNeverReturned_andDropsForgottenOnes() {
        HistoryRecorder rec = new HistoryRecorder();
        int w = rec.callWrite("w", "x", v("1"), 0);
        int r = rec.callRead("r", "x", 1);
        int c = rec.callCas("c", "x", v("1"), v("2"), 2);
        int refused = rec.callWrite("w", "x", v("big"), 3);
        rec.returnWrite(w, 5);
        rec.returnRead(r, v("1"), 6);
        rec.forget(refused);
        assertThat(rec.operations()).containsExactly(
                Operation.write("w", "x", v("1"), 0, 5),
                Operation.read("r", "x", v("1"), 1, 6),
                Operation.cas("c", "x", v("1"), v("2"), false, 2, Operation.NEVER));
        rec.returnCas(c, true, 9);
        assertThat(rec.operations().get(2)).isEqualTo(Operation.cas("c", "x", v("1"), v("2"), true, 2, 9));
        assertThatThrownBy(() -> rec.returnRead(r, null, 10)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> rec.returnWrite(c, 10)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> rec.returnWrite(refused, 10)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anOperation_readsAsItsCallInExplanations() {
        assertThat(Operation.cas("c", "x", v("a"), new byte[] {1, 2}, true, 1, 2.5).toString())
                .isEqualTo("c x.cas(\"a\", 0x0102) -> true [1, 2.5]");
        assertThat(Operation.write("w", "x", v("z".repeat(30)), 1, Operation.NEVER).toString())
                .isEqualTo("w x.write(\"" + "z".repeat(24) + "\"...(30 bytes)) -> ? [1, never]");
        assertThat(Operation.read("r", "x", null, 1, 2).toString()).isEqualTo("r x.read() -> none [1, 2]");
    }
}
