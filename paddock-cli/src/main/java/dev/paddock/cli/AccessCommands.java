package dev.paddock.cli;

import static dev.paddock.cli.PaddockCli.parse;
import static dev.paddock.cli.PaddockCli.usage;

import dev.paddock.cli.CliArgs.Parsed;
import dev.paddock.cli.CliArgs.Spec;
import dev.paddock.cli.PaddockCli.CliException;
import dev.paddock.cli.PaddockCli.PathVisitor;
import dev.paddock.client.KeeperException;
import dev.paddock.client.PaddockClient;
import dev.paddock.client.PathUtils;
import dev.paddock.client.Results;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.ClientInfo;
import dev.paddock.jute.data.Stat;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The shell's access commands, {@code getAcl}, {@code setAcl}, {@code addauth} and {@code whoami}, as zkCli's. */
final class AccessCommands {
    private static final Spec GETACL = new Spec().flag("s", "stats");
    private static final Spec SETACL = new Spec().flag("s", "stats").value("v", "version").flag("R", "recursive");

    private final PrintStream out;
    private final PrintStream err;

    AccessCommands(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    boolean getAcl(PaddockClient c, String[] args) throws CliException, KeeperException,
            InterruptedException {
        Parsed p = parse(GETACL, args);
        if (p.argCount() < 2) {
            throw new CliException(usage("getAcl"));
        }
        Results.AclStat a = c.getACL(p.arg(1));
        for (ACL acl : a.acl()) {
            out.println(Formats.acl(acl));
        }
        if (p.has("s")) {
            Formats.printStat(out, a.stat());
        }
        return false;
    }

    boolean setAcl(PaddockClient c, String[] args) throws CliException, KeeperException,
            InterruptedException {
        Parsed p = parse(SETACL, args);
        if (p.argCount() < 3) {
            throw new CliException(usage("setAcl"));
        }
        String path = p.arg(1);
        List<ACL> acl = Formats.parseAcl(p.arg(2), err);
        int version = p.has("v") ? PaddockCli.parseInt(p.value("v")) : -1;
        if (p.has("R")) {
            PathUtils.validatePath(path);
            c.getData(path, false);
            PathVisitor v = node -> {
                try {
                    c.setACL(node, acl, version);
                } catch (KeeperException e) {
                    out.print(e.getMessage());
                }
            };
            v.visit(path);
            PaddockCli.visitChildren(c, path, false, v);
        } else {
            Stat st = c.setACL(path, acl, version);
            if (p.has("s")) {
                Formats.printStat(out, st);
            }
        }
        return false;
    }

    boolean addAuth(PaddockClient c, String[] args) throws CliException {
        Parsed p = parse(PaddockCli.NONE, args);
        if (p.argCount() < 2) {
            throw new CliException(usage("addauth"));
        }
        byte[] auth = p.argCount() >= 3 ? p.arg(2).getBytes(StandardCharsets.UTF_8) : null;
        c.addAuthInfo(p.arg(1), auth);
        return false;
    }

    boolean whoami(PaddockClient c) throws KeeperException, InterruptedException {
        List<ClientInfo> infos = c.whoAmI();
        out.println("Auth scheme: User");
        for (ClientInfo ci : infos) {
            out.println(ci.authScheme() + ": " + ci.user());
        }
        return false;
    }
}
