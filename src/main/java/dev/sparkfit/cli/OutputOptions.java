package dev.sparkfit.cli;

import dev.sparkfit.artifact.RunDirectory;
import dev.sparkfit.artifact.RunLock;
import dev.sparkfit.config.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;

/**
 * Where a command writes its run directory: {@code --out}, a stable {@code --run-id} (for schedulers:
 * a finished run is not redone, an unfinished one resumes), or {@code runs/<name>-<time>}; and the
 * refusal to overwrite a run silently; and the run directory's lock ({@link RunLock}), taken before
 * anything is written and held until {@link #release}.
 */
final class OutputOptions {

    @Option(names = "--out", description = "output directory (default runs/<name>-<yyyyMMdd-HHmmss>, or runs/<run-id>)")
    Path out;

    @Option(names = "--overwrite", description = "replace an existing, non-empty --out directory")
    boolean overwrite;

    @Option(names = "--run-id", description = "a stable run id (e.g. Airflow's {{ ds }}): runs/<ID> unless --out is given;"
            + " a finished run with the same spec is not redone (exit 0), an unfinished one resumes")
    String runId;

    @Option(names = "--resume", description = "continue the unfinished run in --out (or --run-id) from its last checkpoint")
    boolean resume;

    /** Where to write and whether to start, resume or do nothing; checked before any Spark work. */
    record Plan(Path dir, RunDirectory.State state, String runId) {

        boolean finished() {
            return state == RunDirectory.State.FINISHED;
        }

        boolean resuming() {
            return state == RunDirectory.State.UNFINISHED;
        }
    }

    /**
     * Plans the run of a spec with hash {@code specHash}; a non-empty directory is refused (exit 2)
     * unless --overwrite, or it belongs to the same --run-id / --resume with the same spec.
     */
    Plan plan(CommandLine cmd, String name, String specHash) throws IOException {
        if (runId != null && !runId.matches("[A-Za-z0-9._:+-]+")) {
            throw new CommandLine.ParameterException(cmd, "--run-id: '" + runId
                    + "' may contain only letters, digits and . _ : + -");
        }
        if (overwrite && (resume || runId != null)) {
            throw new CommandLine.ParameterException(cmd, "--overwrite cannot be combined with --resume or --run-id");
        }
        if (resume && out == null && runId == null) {
            throw new CommandLine.ParameterException(cmd, "--resume needs --out DIR or --run-id ID (the run to continue)");
        }
        Path dir = out != null ? out : runId != null ? Path.of("runs", runId)
                : RunDirectory.defaultPath(name, LocalDateTime.now());
        lock(cmd, dir);
        try {
            return planLocked(dir, specHash);
        } catch (RuntimeException | IOException e) {
            release();
            throw e;
        }
    }

    /**
     * Takes the directory's lock before anything is read or written: a live holder stops this command
     * (exit 2, one line naming it, nothing touched); a stale lock is taken over with a line saying so.
     */
    private void lock(CommandLine cmd, Path dir) throws IOException {
        try {
            lock = RunLock.acquire(dir);
        } catch (RunLock.HeldException e) {
            throw new SpecException(e.getMessage());
        }
        lock.takenOverFrom().ifPresent(h -> {
            cmd.getOut().println("run directory " + dir + ": took over the stale lock of " + h.describe()
                    + "; that process has ended");
            cmd.getOut().flush();
        });
    }

    /** Releases the run directory's lock; every command calls it when it ends, however it ends. */
    void release() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    private RunLock lock;

    private Plan planLocked(Path dir, String specHash) throws IOException {
        RunDirectory.State state = RunDirectory.state(dir);
        if (state == RunDirectory.State.EMPTY) {
            if (resume) {
                throw new SpecException("--resume: " + dir + " holds no run to continue");
            }
            return new Plan(dir, state, runId);
        }
        if (overwrite) {
            return new Plan(dir, RunDirectory.State.EMPTY, runId);
        }
        if (!resume && runId == null) {
            // Exit 2 like a bad option, but one line: the usage text would not help here.
            throw new SpecException("--out: " + dir + " is not empty (choose another directory, add --overwrite, or --resume)");
        }
        String recorded = RunDirectory.specHash(dir);
        if (recorded == null) {
            throw new SpecException(dir + " is not empty and is not a sparkfit run ("
                    + RunDirectory.RUN_INFO + " is missing); choose another --out or --run-id");
        }
        if (!recorded.equals(specHash)) {
            throw new SpecException(dir + " was run with a different spec (spec hash "
                    + recorded + ", now " + specHash + "); use a new --run-id or --out");
        }
        return new Plan(dir, state, runId);
    }

    /** With --overwrite: the replaced run, set aside until the new one has succeeded. */
    private Path previous;
    private Path replaced;

    /** Creates (or, when resuming, reopens) the run directory of {@code plan} and records the spec hash. */
    RunDirectory open(Plan plan, String command, String specHash) throws IOException {
        if (plan.resuming()) {
            return RunDirectory.reopen(plan.dir());
        }
        if (overwrite && RunDirectory.state(plan.dir()) != RunDirectory.State.EMPTY) {
            // Set aside, not deleted: a failed run puts it back (see keepingPreviousOnFailure). The lock
            // stays in place, so the directory is never without it.
            replaced = plan.dir();
            previous = plan.dir().resolveSibling("." + plan.dir().getFileName() + ".previous-" + java.util.UUID.randomUUID());
            RunDirectory.moveContents(plan.dir(), previous);
        }
        RunDirectory run = RunDirectory.create(plan.dir(), false);
        run.writeRunInfo(command, specHash, plan.runId());
        return run;
    }

    /**
     * Runs a command's work; with --overwrite, the run it replaces comes back if the work fails (a bad
     * file must not cost the model in use) and is deleted once the work has succeeded.
     */
    <T> T keepingPreviousOnFailure(java.util.concurrent.Callable<T> work) throws Exception {
        T result;
        try {
            result = work.call();
        } catch (Exception | Error e) {
            if (previous != null) {
                RunDirectory.clear(replaced);
                RunDirectory.moveContents(previous, replaced);
                java.nio.file.Files.delete(previous);
                previous = null;
            }
            throw e;
        }
        if (previous != null) {
            dev.sparkfit.artifact.ModelStore.deleteRecursively(previous);
            previous = null;
        }
        return result;
    }
}
