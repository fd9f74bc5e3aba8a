package io.stampede.sample.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster from Debian's binaries (/usr/lib/postgresql/N/bin): its own
 * data directory in /tmp, listening on a free loopback port, socket in the data directory.
 * PostgreSQL refuses to run as root, so under root every command runs as user postgres
 * (created by Debian's package) through runuser.
 */
public final class PostgresCluster implements AutoCloseable {

    public static final String USER = "stampede";
    public static final String DATABASE = "sample";

    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresCluster(Path bin, Path dataDir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /**
     * Creates, starts and fills a cluster with database {@value #DATABASE}. Without the
     * binaries it fails when {@code CI} is set (CI installs them) and skips, saying why,
     * otherwise.
     */
    public static PostgresCluster start() throws IOException, InterruptedException {
        Path bin = findBinDir();
        String missing = "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin"
                + " (apt-get install postgresql, listed in .ci/apt.d/sample.txt)";
        if (bin == null) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(missing);
            }
            Assumptions.abort(missing);
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dataDir = Files.createTempDirectory("stampede-pg-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        var cluster = new PostgresCluster(bin, dataDir, FreePort.pick(), root);
        if (root) {
            run(List.of("chown", "postgres:postgres", dataDir.toString()));
        }
        cluster.pg("initdb", "-D", dataDir.toString(), "-U", USER, "--auth=trust", "-E", "UTF8",
                "--no-sync", "--locale=C");
        cluster.startServer();
        cluster.pg("createdb", "-h", "127.0.0.1", "-p", String.valueOf(cluster.port), "-U", USER, DATABASE);
        return cluster;
    }

    public int port() {
        return port;
    }

    public String r2dbcUrl() {
        return "r2dbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** Starts the server again (on the same port and data) after {@link #stopServer()}. */
    public void startServer() throws IOException, InterruptedException {
        pg("pg_ctl", "-D", dataDir.toString(), "-l", dataDir.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dataDir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    public void stopServer() throws IOException, InterruptedException {
        pg("pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop");
    }

    /** Stops the server if it runs and deletes the data directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (Files.exists(dataDir.resolve("postmaster.pid"))) {
                stopServer();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void pg(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        // Output to a file, not a pipe: pg_ctl's postmaster child must not hold our pipe open.
        Path output = Files.createTempFile("stampede-pg-cmd-", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .directory(new File("/tmp")).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out after 90 s: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IOException(command + " exited " + process.exitValue() + ":\n" + Files.readString(output));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Path findBinDir() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> b.getParent().getFileName().toString(),
                            Comparator.comparingInt(PostgresCluster::versionNumber)))
                    .orElse(null);
        }
    }

    private static int versionNumber(String version) {
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
