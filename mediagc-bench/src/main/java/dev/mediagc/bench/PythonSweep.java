package dev.mediagc.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's third arm: the naive sweep in Python ({@code naive_sweep.py}, beside this
 * class), through Django's ORM when Django imports, else plain psycopg2. The benchmark installs
 * nothing: it finds a Python that imports psycopg2, or skips the arm.
 */
final class PythonSweep {

    static final String SCRIPT = "naive_sweep.py";
    private static final String VARIANT_LINE = "python-variant: ";

    private PythonSweep() {
    }

    /**
     * The command that runs the script (written into {@code workDir}), or null, after a one-line
     * message, when no Python with psycopg2 is found. {@code explicit} (--python) is the only
     * candidate when given; otherwise /usr/bin/python3 comes first, as python3 on the PATH may be
     * a pyenv Python without the distribution's packages.
     */
    static List<String> command(String explicit, Path workDir, String host, int port, String user, String database,
            Path media, Path orphanList, long minAgeSeconds) throws IOException, InterruptedException {
        List<String> candidates = explicit != null ? List.of(explicit) : List.of("/usr/bin/python3", "python3");
        String python = null;
        for (String candidate : candidates) {
            if (importsPsycopg2(candidate)) {
                python = candidate;
                break;
            }
        }
        if (python == null) {
            System.err.println("python arm skipped: no Python with psycopg2 among " + candidates
                    + " (install python3-psycopg2, optionally python3-django, or pass --python PATH)");
            return null;
        }
        Files.createDirectories(workDir);
        Path script = workDir.resolve(SCRIPT);
        try (InputStream in = PythonSweep.class.getResourceAsStream(SCRIPT)) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return new ArrayList<>(List.of(python, script.toString(), host, Integer.toString(port), user, database,
                media.toString(), orphanList.toString(), Long.toString(minAgeSeconds)));
    }

    /** "django 3.2.25, python 3.11.2" or "psycopg2 2.9.5, python …", as the script printed it. */
    static String variant(String stderr) {
        return stderr.lines().filter(l -> l.startsWith(VARIANT_LINE)).map(l -> l.substring(VARIANT_LINE.length()))
                .findFirst().orElse("unknown");
    }

    private static boolean importsPsycopg2(String python) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(python, "-c", "import psycopg2")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException notFound) {
            return false;
        }
    }
}
