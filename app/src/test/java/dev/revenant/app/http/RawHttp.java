package dev.revenant.app.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw HTTP connection's side of a test: what the listener sends before it closes. */
public final class RawHttp {
    private RawHttp() {}

    /**
     * Everything the server sends until it closes the connection. A connection still open when the socket's
     * read timeout passes fails the test with what arrived so far.
     */
    public static String readToClose(Socket socket) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                got.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection was still open after " + socket.getSoTimeout() + " ms; got so far: "
                    + got.toString(StandardCharsets.ISO_8859_1), e);
        } catch (SocketException reset) {
            // closed with data unread: closed all the same
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }
}
