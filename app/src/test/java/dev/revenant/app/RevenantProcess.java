package dev.revenant.app;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code revenant ARGS} in a JVM of its own, as an operator runs it beside a running server: a process of
 * its own is what meets the database lock a server holds (inside one JVM, H2 shares an open database).
 */
final class RevenantProcess {
    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private RevenantProcess() {}

    static Result run(String stdin, String... args) throws Exception {
        return start(stdin, javaCommand(args));
    }

    private static List<String> javaCommand(String... args) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", classpath, "-Dlogback.configurationFile=logback.xml",
                Revenant.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * {@code revenant ARGS} on a terminal of its own (a pseudo-terminal, through util-linux {@code script}),
     * as an operator types it: {@code typed} is what the operator types, the answer is what the terminal
     * showed (standard output and error together).
     */
    static Result runOnTerminal(String typed, String... args) throws Exception {
        StringBuilder shell = new StringBuilder();
        for (String word : javaCommand(args)) {
            shell.append('\'').append(word.replace("'", "'\\''")).append("' ");
        }
        return start(typed, List.of("script", "-qec", shell.toString().strip(), "/dev/null"));
    }

    private static Result start(String stdin, List<String> command) throws Exception {
        Path out = Files.createTempFile("revenant-out", ".txt");
        Path err = Files.createTempFile("revenant-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("REVENANT_LOG_LEVEL", "INFO");
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("revenant " + String.join(" ", command) + " did not finish in 90 s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
