package dev.cairn.cli;

import picocli.CommandLine;

/** Reports the version recorded in the jar's manifest. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"cairn " + (v == null ? "(development build)" : v)};
    }
}
