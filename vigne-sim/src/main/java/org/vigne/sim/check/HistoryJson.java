package org.vigne.sim.check;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Histories as JSON lines, one operation per line, so that any checker can read what an
 * experiment recorded (README, "History format"):
 *
 * <pre>
 * {"process":"w0","object":"x","op":"write","input":"djE=","output":null,"call":10,"return":20}
 * {"process":"r1","object":"x","op":"read","input":null,"output":"djE=","call":12,"return":31.5}
 * {"process":"c2","object":"x","op":"cas","input":{"expected":"djE=","new":"djI="},"output":true,"call":40,"return":null}
 * </pre>
 * Values are base64 (RFC 4648, padded), {@code null} for no value; times are milliseconds;
 * {@code "return": null} marks an operation that never returned, whose output is then null.
 * Blank lines are skipped and unknown fields ignored.
 */
public final class HistoryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private HistoryJson() {
    }

    /** Writes {@code history} to {@code out}, one line per operation. */
    public static void write(Iterable<Operation> history, Writer out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            for (Operation op : history) {
                writeOperation(op, g);
                g.writeRaw('\n');
            }
        }
    }

    /** Writes {@code history} to {@code file} (replacing it). */
    public static void write(Iterable<Operation> history, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(history, w);
        }
    }

    /** Reads a history; a malformed line fails with its line number. */
    public static List<Operation> read(Reader in) throws IOException {
        BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
        List<Operation> ops = new ArrayList<>();
        int lineNo = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                ops.add(parse(MAPPER.readTree(line)));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new IOException("history line " + lineNo + ": " + message(e), e);
            }
        }
        return ops;
    }

    /** Reads the history in {@code file}. */
    public static List<Operation> read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r);
        }
    }

    private static void writeOperation(Operation op, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("process", op.process());
        g.writeStringField("object", op.object());
        g.writeStringField("op", op.kind().name().toLowerCase(Locale.ROOT));
        g.writeFieldName("input");
        if (op.kind() == Operation.Kind.CAS) {
            g.writeStartObject();
            writeValue("expected", op.expected(), g);
            writeValue("new", op.input(), g);
            g.writeEndObject();
        } else {
            writeBytes(op.input(), g);
        }
        g.writeFieldName("output");
        if (op.returned() && op.kind() == Operation.Kind.CAS) {
            g.writeBoolean(op.succeeded());
        } else {
            writeBytes(op.output(), g);
        }
        writeTime("call", op.callMs(), g);
        writeTime("return", op.returnMs(), g);
        g.writeEndObject();
    }

    private static void writeValue(String field, byte[] v, JsonGenerator g) throws IOException {
        g.writeFieldName(field);
        writeBytes(v, g);
    }

    private static void writeBytes(byte[] v, JsonGenerator g) throws IOException {
        if (v == null) {
            g.writeNull();
        } else {
            g.writeString(Base64.getEncoder().encodeToString(v));
        }
    }

    /** Whole milliseconds as integers, so a simulator's history reads naturally. */
    private static void writeTime(String field, double ms, JsonGenerator g) throws IOException {
        g.writeFieldName(field);
        if (ms == Operation.NEVER) {
            g.writeNull();
        } else if (ms == Math.rint(ms) && Math.abs(ms) < 0x1p53) {
            g.writeNumber((long) ms);
        } else {
            g.writeNumber(ms);
        }
    }

    private static Operation parse(JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode proc = required(n, "process");
        if (!proc.isTextual() && !proc.isNumber()) {
            throw new IllegalArgumentException("\"process\" must be a string or a number");
        }
        String object = text(required(n, "object"), "object");
        double call = number(required(n, "call"), "call");
        JsonNode ret = required(n, "return");
        double returnMs = ret.isNull() ? Operation.NEVER : number(ret, "return");
        JsonNode input = n.path("input");
        JsonNode output = n.path("output");
        if (returnMs == Operation.NEVER && !output.isNull() && !output.isMissingNode()) {
            throw new IllegalArgumentException("an operation that never returned has no output");
        }
        String op = text(required(n, "op"), "op");
        return switch (op) {
            case "read" -> {
                if (!input.isNull() && !input.isMissingNode()) {
                    throw new IllegalArgumentException("a read has no input");
                }
                yield Operation.read(proc.asText(), object, bytes(output, "output"), call, returnMs);
            }
            case "write" -> Operation.write(proc.asText(), object, bytes(input, "input"), call, returnMs);
            case "cas" -> {
                if (!input.isObject()) {
                    throw new IllegalArgumentException("a cas's input is {\"expected\": ..., \"new\": ...}");
                }
                if (returnMs != Operation.NEVER && !output.isBoolean()) {
                    throw new IllegalArgumentException("a returned cas's output is true or false");
                }
                yield Operation.cas(proc.asText(), object, bytes(input.path("expected"), "input.expected"),
                        bytes(input.path("new"), "input.new"), output.asBoolean(), call, returnMs);
            }
            default -> throw new IllegalArgumentException("unknown op \"" + op + "\" (read, write or cas)");
        };
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null) {
            throw new IllegalArgumentException("missing \"" + field + "\"");
        }
        return v;
    }

    private static String text(JsonNode v, String field) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return v.asText();
    }

    private static double number(JsonNode v, String field) {
        if (!v.isNumber()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a number of milliseconds");
        }
        return v.asDouble();
    }

    private static byte[] bytes(JsonNode v, String field) {
        if (v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a base64 string or null");
        }
        try {
            return Base64.getDecoder().decode(v.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + field + "\" is not base64: " + e.getMessage(), e);
        }
    }

    private static String message(Exception e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }
}
