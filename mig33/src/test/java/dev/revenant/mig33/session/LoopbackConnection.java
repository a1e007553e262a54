package dev.revenant.mig33.session;

/** What every test connection shares: a client at a loopback address, closed when the session says so. */
public abstract class LoopbackConnection implements Connection {
    public volatile boolean closed;

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public void loggedIn() {}

    @Override
    public String remoteHost() {
        return "127.0.0.1";
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1:40000";
    }
}
