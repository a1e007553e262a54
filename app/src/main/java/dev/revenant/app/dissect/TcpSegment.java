package dev.revenant.app.dissect;

/** One captured TCP segment: when, from where to where, its sequence number, flags and data. */
public record TcpSegment(long micros, Endpoint source, Endpoint destination, long seq,
                         boolean syn, boolean ack, boolean fin, boolean rst, byte[] payload) {

    /** An address and port; an IPv6 address is bracketed when shown. */
    public record Endpoint(String address, int port) {
        @Override
        public String toString() {
            return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
        }
    }
}
