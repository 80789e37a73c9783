package org.vigne.net.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code vigne} command a node gives its components works from their own working directories. */
class VigneLauncherTest {
    @Test
    void aRelativeClassPath_isMadeAbsolute_soComponentsInOtherDirectoriesFindTheClasses() {
        String cwd = Path.of("").toAbsolutePath().toString();
        String cp = "vigne.jar" + File.pathSeparator + File.pathSeparator + "lib/../deps/a.jar"
                + File.pathSeparator + "/opt/x.jar";
        assertThat(VigneLauncher.absolute(cp).split(File.pathSeparator)).containsExactly(
                Path.of(cwd, "vigne.jar").toString(), Path.of(cwd, "deps", "a.jar").toString(), "/opt/x.jar");
    }
}
