package dev.cairn.cli;

import dev.cairn.server.CairnServer;

/** The lines printed once the server is ready: where it listens and how to use the admin credentials. */
final class Banner {
    private Banner() {}

    static void print(CairnServer server) {
        String endpoint = "http://" + server.config().host() + ":" + server.port();
        String credentials = server.adminCredentials().file().toString();
        System.out.println();
        System.out.println("  Cairn is serving " + endpoint);
        System.out.println("  Admin credentials: profile 'cairn' in " + credentials + " (key "
                + server.adminCredentials().accessKeyId() + ")");
        System.out.println("  Try it:");
        System.out.println("    export AWS_SHARED_CREDENTIALS_FILE=" + credentials
                + " AWS_PROFILE=cairn AWS_DEFAULT_REGION=us-east-1");
        System.out.println("    aws --endpoint-url " + endpoint + " sts get-caller-identity");
        System.out.println();
    }
}
