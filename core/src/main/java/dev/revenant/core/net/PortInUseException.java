package dev.revenant.core.net;

import java.net.InetSocketAddress;

/**
 * A service's address is taken by another program (or another server): the caller, who knows which option
 * set the address, tells the operator which one to change.
 */
public final class PortInUseException extends IllegalStateException {
    private final String service;
    private final InetSocketAddress address;

    public PortInUseException(String service, InetSocketAddress address, Throwable cause) {
        super(service + ": cannot listen on " + shown(address) + ": the port is in use", cause);
        this.service = service;
        this.address = address;
    }

    /** The service's name ({@code mig33}, {@code pangya}, {@code http}). */
    public String service() {
        return service;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** {@code 127.0.0.1:9119}, as an operator writes it (no resolver's {@code /} or host name prefix). */
    public static String shown(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
