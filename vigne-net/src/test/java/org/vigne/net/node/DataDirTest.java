package org.vigne.net.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.core.Id;

class DataDirTest {
    @TempDir
    Path tmp;

    @Test
    void nodeId_isKeptAcrossRestarts_as40HexDigits() throws Exception {
        Id first = DataDir.open(tmp.resolve("n")).nodeId();
        Id again = DataDir.open(tmp.resolve("n")).nodeId();

        assertThat(again).isEqualTo(first);
        assertThat(Files.readString(tmp.resolve("n").resolve(DataDir.NODE_ID)).trim()).matches("[0-9a-f]{40}");
    }

    @Test
    void controlFiles_areWrittenAndCleared() {
        DataDir d = DataDir.open(tmp);
        String token = d.newControlToken();
        d.writeControlAddress(new HostPort("127.0.0.1", 7401));

        assertThat(DataDir.readControlToken(tmp)).contains(token);
        assertThat(DataDir.readControlAddress(tmp)).contains(new HostPort("127.0.0.1", 7401));
        d.clearControlFiles();
        assertThat(DataDir.readControlToken(tmp)).isEmpty();
    }

    @Test
    void badArguments_giveOneLineErrors() throws Exception {
        assertThatThrownBy(() -> HostPort.parse("localhost", "--join")).hasMessage("--join expects HOST:PORT, got 'localhost'");
        assertThatThrownBy(() -> DhtSpec.parse("apps:0")).hasMessage("DHT 'apps': replicas must be 1..9, got 0");
        PrivateFiles.write(tmp.resolve("short"), "abc\n");
        assertThatThrownBy(() -> SecretFile.read(tmp.resolve("short")))
                .hasMessageStartingWith("the secret in " + tmp.resolve("short") + " is too short");
        assertThat(DhtSpec.withDefault("apps:5")).containsExactly(DhtSpec.DEFAULT, new DhtSpec("apps", 5));
    }
}
