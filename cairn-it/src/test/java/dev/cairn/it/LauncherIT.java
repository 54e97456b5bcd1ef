package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scripts a newcomer runs first: the JDK finder shared by ./mvnw and ./cairn, and the launcher. */
class LauncherIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private record Result(int exit, String stdout, String stderr) {}

    private static Result run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(
                p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** Makes a fake JDK home whose release file names {@code version}. */
    private static Path fakeJdk(Path parent, String name, String version) throws IOException {
        Path home = parent.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        for (String tool : List.of("java", "javac")) {
            Path file = home.resolve("bin").resolve(tool);
            Files.writeString(file, "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    private static String finder(String env) {
        return ". ./bin/find-jdk.sh && echo \"found $JAVA_HOME\"" + env;
    }

    @Test
    void theFinderPicksTheNewestJdk21OrLaterFromTheJvmFolders(@TempDir Path jvms) throws Exception {
        fakeJdk(jvms, "jdk-17", "17.0.9");
        Path jdk21 = fakeJdk(jvms, "jdk-21", "21.0.5");
        Path jdk25 = fakeJdk(jvms, "jdk-25", "25.0.1");
        Result r = run(Map.of("PATH", "/usr/bin:/bin", "CAIRN_JDK_DIRS", jvms + "/*"), "sh", "-c", finder(""));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout().strip()).isEqualTo("found " + jdk25);
        assertThat(jdk21).exists();
    }

    @Test
    void aJavaHomeOlderThan21IsPassedOver(@TempDir Path jvms) throws Exception {
        Path old = fakeJdk(jvms, "old", "17.0.9");
        Path jdk21 = fakeJdk(jvms, "jdk-21", "21.0.5");
        Result r = run(
                Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", old.toString(), "CAIRN_JDK_DIRS", jdk21.toString()),
                "sh",
                "-c",
                finder(""));
        assertThat(r.stdout().strip()).isEqualTo("found " + jdk21);
    }

    @Test
    void aSuitableJavaHomeWins(@TempDir Path jvms) throws Exception {
        Path mine = fakeJdk(jvms, "mine", "21.0.1");
        fakeJdk(jvms, "newer", "25.0.1");
        Result r = run(
                Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", mine.toString(), "CAIRN_JDK_DIRS", jvms + "/newer"),
                "sh",
                "-c",
                finder(""));
        assertThat(r.stdout().strip()).isEqualTo("found " + mine);
    }

    /** A PATH with the tools the finder uses, and no java. */
    private static String pathWithoutJava(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("dirname", "readlink", "sed", "head", "cat")) {
            for (String folder : List.of("/usr/bin/", "/bin/")) {
                Path real = Path.of(folder + tool);
                if (Files.isExecutable(real) && !Files.exists(bin.resolve(tool))) {
                    Files.createSymbolicLink(bin.resolve(tool), real);
                }
            }
        }
        return bin.toString();
    }

    @Test
    void withoutAJdkTheFinderSaysWhatToInstall(@TempDir Path empty) throws Exception {
        Result r = run(
                Map.of("PATH", pathWithoutJava(empty), "CAIRN_JDK_DIRS", empty + "/none/*"),
                "/bin/sh",
                "-c",
                finder(""));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stdout()).doesNotContain("found");
        assertThat(r.stderr()).contains("no JDK 21 or newer found").contains("apt-get install openjdk-21-jdk-headless");
    }

    @Test
    void theLauncherListsItsCommandsAndEveryServeFlag() throws Exception {
        Map<String, String> env = Map.of(
                "PATH", System.getenv("PATH"), "CAIRN_NO_BUILD", "1", "JAVA_HOME", System.getProperty("java.home"));
        Result help = run(env, "./cairn", "--help");
        assertThat(help.exit()).as(help.stderr()).isZero();
        assertThat(help.stdout()).contains("serve");
        Result serve = run(env, "./cairn", "serve", "--help");
        assertThat(serve.exit()).as(serve.stderr()).isZero();
        for (String flag : List.of(
                "--host",
                "--port",
                "--data",
                "--account-id",
                "--auth",
                "--allow-reset",
                "CAIRN_HOST",
                "CAIRN_PORT",
                "CAIRN_DATA",
                "CAIRN_ACCOUNT_ID",
                "CAIRN_AUTH")) {
            assertThat(serve.stdout()).contains(flag);
        }
    }

    @Test
    void resetWithStrictAuthNeedsForce() throws Exception {
        Map<String, String> env = Map.of(
                "PATH", System.getenv("PATH"), "CAIRN_NO_BUILD", "1", "JAVA_HOME", System.getProperty("java.home"));
        Result r = run(env, "./cairn", "serve", "--allow-reset", "--port", "0", "--data", "target/never-started");
        assertThat(r.exit()).isNotZero();
        assertThat(r.stderr()).contains("--force");
    }
}
