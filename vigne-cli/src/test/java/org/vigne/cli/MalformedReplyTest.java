package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.net.node.DataDir;

/** A control API that answers nonsense gets one line from the CLI, never a stack trace (finding 6 of issue 7). */
class MalformedReplyTest {
    @TempDir
    Path dir;

    private HttpServer fake;
    private String address;

    @BeforeEach
    void startFakeControlApi() throws IOException {
        fake = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        fake.createContext("/nodes", x -> answer(x, 200, "[]", null));
        fake.createContext("/dht/default/k", x -> answer(x, 200, "value", "not-a-number"));
        fake.start();
        address = "127.0.0.1:" + fake.getAddress().getPort();
        Files.writeString(dir.resolve(DataDir.CONTROL_TOKEN), "t\n");
    }

    @AfterEach
    void stop() {
        fake.stop(0);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange x, int status, String body, String version)
            throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (version != null) {
            x.getResponseHeaders().add("X-Vigne-Version", version);
        }
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    private String[] err(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {Integer.toString(code), err.toString().strip()};
    }

    @Test
    void jsonThatIsNotANodeView_isOneLine() {
        String[] r = err("nodes", "--node", address, "--data-dir", dir.toString());

        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).isEqualTo("vigne: the control API at " + address
                + " answered with a malformed reply: JSON that is not an object");
    }

    @Test
    void badVersionHeader_isOneLine() {
        String[] r = err("dht", "get", "default", "k", "--node", address, "--data-dir", dir.toString());

        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).isEqualTo("vigne: the control API at " + address
                + " answered with a malformed reply: X-Vigne-Version 'not-a-number' is not a number");
    }

    @Test
    void bytesThatAreNotHttp_areOneLine() throws Exception {
        try (ServerSocket garbage = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> {
                try (Socket s = garbage.accept()) {
                    s.getInputStream().read(new byte[1024]);
                    s.getOutputStream().write("SSH-2.0-nonsense\r\n\r\n\u0000\u0001".getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // The client went away: nothing to answer.
                }
            });
            t.start();
            String[] r = err("nodes", "--node", "127.0.0.1:" + garbage.getLocalPort(), "--data-dir", dir.toString());
            t.join(5000);

            assertThat(r[0]).isEqualTo("1");
            assertThat(r[1]).startsWith("vigne: cannot reach the control API at 127.0.0.1:" + garbage.getLocalPort() + ": ")
                    .doesNotContain("\n");
        }
    }
}
