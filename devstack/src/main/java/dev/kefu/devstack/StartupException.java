package dev.kefu.devstack;

import java.util.List;

/** The stack cannot start; the message is for the user, the children (if any) are whose log tails explain it. */
final class StartupException extends RuntimeException {

    private final transient List<ChildProcess> culprits;

    StartupException(String message, ChildProcess... culprits) {
        super(message);
        this.culprits = List.of(culprits);
    }

    List<ChildProcess> culprits() {
        return culprits;
    }
}
