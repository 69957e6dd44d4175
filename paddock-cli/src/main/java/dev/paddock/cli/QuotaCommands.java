package dev.paddock.cli;

import static dev.paddock.cli.PaddockCli.parse;
import static dev.paddock.cli.PaddockCli.usage;

import dev.paddock.cli.CliArgs.Parsed;
import dev.paddock.cli.CliArgs.Spec;
import dev.paddock.cli.PaddockCli.CliException;
import dev.paddock.client.KeeperException;
import dev.paddock.client.PaddockClient;
import dev.paddock.client.PathUtils;
import java.io.PrintStream;
import java.util.List;

/** The shell's quota commands, {@code setquota}, {@code listquota} and {@code delquota}, worded as zkCli's. */
final class QuotaCommands {
    private static final Spec SETQUOTA = new Spec().value("n", "num soft quota").value("b", "bytes soft quota")
            .value("N", "num hard quota").value("B", "bytes hard quota");
    private static final Spec DELQUOTA = new Spec().flag("n", "num soft quota").flag("b", "bytes soft quota")
            .flag("N", "num hard quota").flag("B", "bytes hard quota");

    private final PrintStream out;
    private final PrintStream err;

    QuotaCommands(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    boolean setQuota(PaddockClient c, String[] args) throws CliException, KeeperException,
            InterruptedException {
        Parsed p = parse(SETQUOTA, args);
        int chosen = 0;
        String first = null;
        for (String k : List.of("n", "b", "N", "B")) {
            if (p.has(k)) {
                chosen++;
                if (first == null) {
                    first = k;
                }
            }
        }
        if (chosen == 0) {
            throw new CliException("org.apache.commons.cli.MissingOptionException: Missing required option: "
                    + "[-n num soft quota, -b bytes soft quota, -N num hard quota, -B bytes hard quota]");
        }
        if (chosen > 1) {
            String second = null;
            for (String k : args) {
                if (k.startsWith("-") && k.length() > 1 && !k.substring(1, 2).equals(first)
                        && List.of("n", "b", "N", "B").contains(k.substring(1, 2))) {
                    second = k.substring(1, 2);
                    break;
                }
            }
            throw new CliException("org.apache.commons.cli.AlreadySelectedException: The option '" + second
                    + "' was specified but an option from this group has already been selected: '" + first + "'");
        }
        if (p.argCount() < 2) {
            throw new CliException(usage("setquota"));
        }
        String path = p.arg(1);
        if (path.startsWith(Quotas.ROOT)) {
            err.println("cannot set a quota under the path: " + Quotas.ROOT);
            return false;
        }
        Quotas.Track quota = new Quotas.Track();
        quota.set(Quotas.Track.COUNT, -1);
        quota.set(Quotas.Track.BYTES, -1);
        quota.set(Quotas.Track.COUNT_HARD, -1);
        quota.set(Quotas.Track.BYTES_HARD, -1);
        try {
            if (p.has("n")) {
                int n = Integer.parseInt(p.value("n"));
                if (n <= 0) {
                    err.println("the num quota must be greater than zero");
                    return false;
                }
                quota.set(Quotas.Track.COUNT, n);
            }
            if (p.has("b")) {
                long b = Long.parseLong(p.value("b"));
                if (b < 0) {
                    err.println("the bytes quota must be greater than or equal to zero");
                    return false;
                }
                quota.set(Quotas.Track.BYTES, b);
            }
            if (p.has("N")) {
                int n = Integer.parseInt(p.value("N"));
                if (n <= 0) {
                    err.println("the num quota must be greater than zero");
                    return false;
                }
                quota.set(Quotas.Track.COUNT_HARD, n);
            }
            if (p.has("B")) {
                long b = Long.parseLong(p.value("B"));
                if (b < 0) {
                    err.println("the bytes quota must be greater than or equal to zero");
                    return false;
                }
                quota.set(Quotas.Track.BYTES_HARD, b);
            }
        } catch (NumberFormatException e) {
            err.println("NumberFormatException happens when parsing the option value");
            return false;
        }
        PathUtils.validatePath(path);
        Quotas.create(c, path, quota, out);
        return false;
    }

    boolean listQuota(PaddockClient c, String[] args) throws CliException, KeeperException,
            InterruptedException {
        Parsed p = parse(PaddockCli.NONE, args);
        if (p.argCount() < 2) {
            throw new CliException(usage("listquota"));
        }
        String path = p.arg(1);
        err.println("absolute path is " + Quotas.limitPath(path));
        try {
            Quotas.Track limits = new Quotas.Track(c.getData(Quotas.limitPath(path), false).data());
            Quotas.Track stats = new Quotas.Track(c.getData(Quotas.statPath(path), false).data());
            out.println("Output quota for " + path + " " + limits);
            out.println("Output stat for " + path + " " + stats);
        } catch (KeeperException.NoNodeException e) {
            err.println("quota for " + path + " does not exist.");
        }
        return false;
    }

    boolean delQuota(PaddockClient c, String[] args) throws CliException, KeeperException,
            InterruptedException {
        Parsed p = parse(DELQUOTA, args);
        if (p.argCount() < 2) {
            throw new CliException(usage("delquota"));
        }
        String path = p.arg(1);
        Quotas.Track which = new Quotas.Track();
        boolean any = false;
        if (p.has("n")) {
            which.set(Quotas.Track.COUNT, 1);
            any = true;
        }
        if (p.has("b")) {
            which.set(Quotas.Track.BYTES, 1);
            any = true;
        }
        if (p.has("N")) {
            which.set(Quotas.Track.COUNT_HARD, 1);
            any = true;
        }
        if (p.has("B")) {
            which.set(Quotas.Track.BYTES_HARD, 1);
            any = true;
        }
        try {
            Quotas.delete(c, path, any ? which : null, out);
        } catch (KeeperException.NoNodeException e) {
            err.println("quota for " + path + " does not exist.");
        }
        return false;
    }
}
