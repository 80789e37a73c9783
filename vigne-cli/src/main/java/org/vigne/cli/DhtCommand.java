package org.vigne.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigne dht put|get|rm}: one DHT operation through a running node's control API. */
@Command(name = "dht", mixinStandardHelpOptions = true, description = "Put, get or remove a key in a DHT of a running grid.")
final class DhtCommand {
    @Spec
    CommandSpec spec;

    @Command(name = "put", mixinStandardHelpOptions = true, description = "Store VALUE (or the bytes of --file) under KEY in the DHT NAME.")
    int put(@Mixin ControlTargets targets, @Parameters(paramLabel = "NAME") String dht,
            @Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "VALUE", arity = "0..1") String value,
            @Option(names = "--file", paramLabel = "FILE", description = "read the value from FILE") Path file) throws IOException {
        if ((value == null) == (file == null)) {
            throw new IllegalArgumentException("give either VALUE or --file FILE");
        }
        byte[] bytes = file != null ? Files.readAllBytes(file) : value.getBytes(StandardCharsets.UTF_8);
        ControlClient c = targets.one();
        ControlClient.Response r = c.send("PUT", ControlClient.dhtPath(dht, key), bytes);
        if (r.status() == 413 && r.body().length == 0) {
            throw new CliFailure("value of " + bytes.length + " bytes is over the node's size limit");
        }
        if (r.status() != 200) {
            throw c.failure(r);
        }
        out().println("stored " + key + " in " + dht);
        out().flush();
        return 0;
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print the value of KEY in the DHT NAME.")
    int get(@Mixin ControlTargets targets, @Parameters(paramLabel = "NAME") String dht,
            @Parameters(paramLabel = "KEY") String key) {
        ControlClient.Response r = call(targets, "GET", dht, key);
        out().println(r.text());
        out().flush();
        return 0;
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove KEY from the DHT NAME.")
    int rm(@Mixin ControlTargets targets, @Parameters(paramLabel = "NAME") String dht,
           @Parameters(paramLabel = "KEY") String key) {
        call(targets, "DELETE", dht, key);
        out().println("removed " + key + " from " + dht);
        out().flush();
        return 0;
    }

    /** Sends a body-less request about one key; anything but 200 becomes the node's one-line error. */
    private static ControlClient.Response call(ControlTargets targets, String method, String dht, String key) {
        ControlClient c = targets.one();
        ControlClient.Response r = c.send(method, ControlClient.dhtPath(dht, key), null);
        if (r.status() != 200) {
            throw c.failure(r);
        }
        return r;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
