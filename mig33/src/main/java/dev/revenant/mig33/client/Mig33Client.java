package dev.revenant.mig33.client;

import dev.revenant.core.net.Transport;
import dev.revenant.mig33.codec.LoginHash;
import dev.revenant.mig33.codec.Mig33FrameDecoder;
import dev.revenant.mig33.codec.Mig33PacketEncoder;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketCodec;
import dev.revenant.mig33.codec.PacketJson;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.codec.Request;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.net.URI;
import java.util.Map;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * A small mig33 client for tests and tools: a connection, request/answer matching by transaction id,
 * and a mailbox of pushed packets. One thread drives a client; the wire work happens on Netty's loop.
 * The connection is TCP ({@link #connect}), mig33 over HTTP with polling ({@link #connectHttp}), or a
 * WebSocket carrying the packets' JSON form ({@link #connectWebSocket}), as a browser's client would: only the
 * channel's pipeline differs, so every conversation below works on all three.
 */
public final class Mig33Client implements AutoCloseable {
    private static final EventLoopGroup SHARED = new MultiThreadIoEventLoopGroup(2, r -> {
        Thread t = new Thread(r, "mig33-client");
        t.setDaemon(true);
        return t;
    }, NioIoHandler.newFactory());

    private final Channel channel;
    private final LinkedBlockingQueue<Packet> inbox = new LinkedBlockingQueue<>();
    private final List<Packet> stash = new ArrayList<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private Duration timeout = Duration.ofSeconds(10);
    private int txn;
    /** Sees every packet first on the event loop (load generators); what it claims skips the mailbox. */
    private volatile Predicate<Packet> listener;
    /** The close frame the server sent over a WebSocket (status and reason), or null. */
    private volatile CloseStatus closeStatus;

    /** A WebSocket's close frame: its status code and reason. */
    public record CloseStatus(int code, String reason) {}

    private Mig33Client(Channel channel) {
        this.channel = channel;
    }

    public static Mig33Client connect(InetSocketAddress server) {
        return connect(server, null, SHARED);
    }

    /** Connects from {@code local} (null: any), e.g. another loopback address (127.0.0.2) to be another address. */
    public static Mig33Client connect(InetSocketAddress server, InetSocketAddress local) {
        return connect(server, local, SHARED);
    }

    /** Connects from {@code local} (null: any), on the given event loops. */
    public static Mig33Client connect(InetSocketAddress server, InetSocketAddress local, EventLoopGroup loops) {
        return open(server, local, loops, (ch, client) -> ch.pipeline().addLast(
                new Mig33FrameDecoder(PacketCodec.DEFAULT_MAX_CONTENT), Mig33PacketEncoder.INSTANCE, client.new Inbound()));
    }

    /**
     * Connects to {@code server} from {@code local} (null: any) on {@code loops}, the channel's pipeline made by
     * {@code pipeline} for its client: the one step the three transports share.
     */
    private static Mig33Client open(InetSocketAddress server, InetSocketAddress local, EventLoopGroup loops,
                                    BiConsumer<SocketChannel, Mig33Client> pipeline) {
        CompletableFuture<Mig33Client> made = new CompletableFuture<>();
        Bootstrap b = new Bootstrap().group(loops).channel(Transport.of(loops).socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Mig33Client client = new Mig33Client(ch);
                        made.complete(client);
                        pipeline.accept(ch, client);
                    }
                });
        var future = local == null ? b.connect(server) : b.connect(server, local);
        future.syncUninterruptibly();
        return made.join();
    }

    /** The largest message the WebSocket client takes: more than any packet the server may send as JSON. */
    private static final int MAX_WEBSOCKET_MESSAGE = 4 * 1024 * 1024;

    /** Opens a WebSocket to {@code uri} (e.g. {@code ws://127.0.0.1:8080/mig33/ws}) with no Origin, as a non-browser client. */
    public static Mig33Client connectWebSocket(URI uri) {
        return connectWebSocket(uri, Map.of(), null, SHARED);
    }

    /** Opens a WebSocket to {@code uri} with {@code headers} added to the upgrade request (a browser's {@code Origin}). */
    public static Mig33Client connectWebSocket(URI uri, Map<String, String> headers) {
        return connectWebSocket(uri, headers, null, SHARED);
    }

    /**
     * Opens a WebSocket to {@code uri} with {@code headers} added to the upgrade request (e.g. a browser's
     * {@code Origin}), from {@code local} (null: any), on {@code loops}; waits for the handshake.
     *
     * @throws Mig33Exception when the server refuses the upgrade (its status in the message) or the handshake fails
     */
    public static Mig33Client connectWebSocket(URI uri, Map<String, String> headers, InetSocketAddress local,
                                               EventLoopGroup loops) {
        CompletableFuture<Void> upgraded = new CompletableFuture<>();
        HttpHeaders extra = new DefaultHttpHeaders();
        headers.forEach(extra::add);
        WebSocketClientProtocolConfig ws = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .customHeaders(extra)
                .generateOriginHeader(false)
                .maxFramePayloadLength(MAX_WEBSOCKET_MESSAGE)
                // the close frame reaches Inbound, which keeps its status for the tests
                .handleCloseFrames(false)
                .handshakeTimeoutMillis(10_000)
                .build();
        int port = uri.getPort() != -1 ? uri.getPort() : 80;
        InetSocketAddress server = new InetSocketAddress(uri.getHost(), port);
        Mig33Client client = open(server, local, loops, (ch, c) -> ch.pipeline().addLast(new HttpClientCodec(),
                new HttpObjectAggregator(64 * 1024), new WebSocketClientProtocolHandler(ws),
                new WebSocketFrameAggregator(MAX_WEBSOCKET_MESSAGE), new JsonFrames(c, upgraded), c.new Inbound()));
        client.channel.closeFuture().addListener(f -> upgraded.completeExceptionally(
                new Mig33Exception("the server closed the connection during the WebSocket handshake", null)));
        try {
            upgraded.get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            client.channel.close();
            Throwable why = e.getCause() != null ? e.getCause() : e;
            throw why instanceof Mig33Exception m ? m : new Mig33Exception("WebSocket upgrade failed: " + why.getMessage(), null);
        }
        return client;
    }

    /** mig33 over HTTP to {@code server}, polling every {@code pollEvery} (see below). */
    public static Mig33Client connectHttp(InetSocketAddress server, Duration pollEvery) {
        return connectHttp(server, null, SHARED, pollEvery);
    }

    /**
     * mig33 over HTTP (spec §8) to {@code server} (a {@code mig33.http.ports} listener), as a phone speaks it:
     * each packet POSTed, and with nothing to send an empty GET (HTTP_POLL) every {@code pollEvery}; one
     * kept-alive connection, from {@code local} (null: any), on {@code loops}.
     */
    public static Mig33Client connectHttp(InetSocketAddress server, InetSocketAddress local, EventLoopGroup loops,
                                          Duration pollEvery) {
        String host = server.getHostString() + ":" + server.getPort();
        return open(server, local, loops, (ch, client) -> ch.pipeline().addLast(new HttpClientCodec(),
                new HttpObjectAggregator(8 * 1024 * 1024), new HttpPolling(pollEvery, host), client.new Inbound()));
    }

    /** A WebSocket's text frames to packets and back; the handshake's outcome completes {@code upgraded}. */
    private static final class JsonFrames extends MessageToMessageCodec<WebSocketFrame, Packet> {
        private final Mig33Client client;
        private final CompletableFuture<Void> upgraded;

        JsonFrames(Mig33Client client, CompletableFuture<Void> upgraded) {
            this.client = client;
            this.upgraded = upgraded;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
            if (frame instanceof TextWebSocketFrame text) {
                out.addAll(PacketJson.read(text.text()));
            } else if (frame instanceof CloseWebSocketFrame close) {
                client.closeStatus = new CloseStatus(close.statusCode(), close.reasonText());
                ctx.close();
            }
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, Packet p, List<Object> out) {
            out.add(new TextWebSocketFrame(PacketJson.write(p)));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                upgraded.complete(null);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof WebSocketClientHandshakeException refused) {
                int status = refused.response() == null ? 0 : refused.response().status().code();
                upgraded.completeExceptionally(new Mig33Exception("the server refused the WebSocket upgrade: "
                        + (status == 0 ? cause.getMessage() : status + " " + refused.response().status().reasonPhrase()),
                        null, status));
            } else {
                upgraded.completeExceptionally(cause);
            }
            ctx.close();
        }
    }

    /** Over a WebSocket, the close frame the server sent (status and reason); null when none came (or over TCP). */
    public CloseStatus closeStatus() {
        return closeStatus;
    }

    /** Sends {@code text} as one WebSocket text frame, whatever it holds (hostile-input tests). */
    public boolean sendText(String text) {
        return channel.writeAndFlush(new TextWebSocketFrame(text)).awaitUninterruptibly().isSuccess();
    }

    /** Sends {@code bytes} as one WebSocket binary frame. */
    public boolean sendBinary(byte[] bytes) {
        return channel.writeAndFlush(new BinaryWebSocketFrame(channel.alloc().buffer(bytes.length).writeBytes(bytes)))
                .awaitUninterruptibly().isSuccess();
    }

    private final class Inbound extends SimpleChannelInboundHandler<Packet> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Packet msg) {
            Predicate<Packet> l = listener;
            if (l != null && l.test(msg)) {
                return;
            }
            inbox.add(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed.complete(null);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    public Mig33Client timeout(Duration t) {
        this.timeout = t;
        return this;
    }

    /** The next transaction id (1, 2, 3, … as real clients count). */
    public int nextTxn() {
        txn = (txn % 0xFFFF) + 1;
        return txn;
    }

    /** Starts a request with the next transaction id. */
    public Packet.Builder request(int type) {
        return Packet.of(type, nextTxn());
    }

    public void send(Packet p) {
        channel.writeAndFlush(p).syncUninterruptibly();
    }

    /**
     * Hands every packet that arrives from now on to {@code claim}, on the event loop, before the mailbox;
     * those it returns true for are not kept. A load generator counts thousands of pushes this way without
     * a thread per client; {@code claim} must not block.
     */
    public Mig33Client listen(Predicate<Packet> claim) {
        this.listener = claim;
        return this;
    }

    /** Sends the packets in one write, as a client with several requests ready at once does. */
    public void sendTogether(List<Packet> packets) {
        packets.forEach(p -> channel.write(p, channel.voidPromise()));
        channel.flush();
    }

    /** Sends without waiting for the write (load generators); failures show as the connection closing. */
    public void sendLater(Packet p) {
        channel.writeAndFlush(p, channel.voidPromise());
    }

    /** Whether the connection can take more writes without queueing past its high-water mark. */
    public boolean isWritable() {
        return channel.isWritable();
    }

    /** Sends raw bytes (hostile-input tests); returns whether they were written (the server may have hung up). */
    public boolean sendRaw(byte[] bytes) {
        return channel.writeAndFlush(channel.alloc().buffer(bytes.length).writeBytes(bytes)).awaitUninterruptibly().isSuccess();
    }

    /** Sends a request and waits for the first answer with its transaction id. */
    public Packet call(Packet p) {
        send(p);
        return await(a -> a.txn() == p.txn() && a.txn() != 0, "an answer to txn " + p.txn());
    }

    /** Sends a request and collects its answers up to and including the packet of type {@code last}. */
    public List<Packet> callUntil(Packet p, int last) {
        send(p);
        List<Packet> answers = new ArrayList<>();
        while (true) {
            Packet a = await(x -> x.txn() == p.txn(), "answers to txn " + p.txn());
            answers.add(a);
            if (a.type() == last || a.type() == PacketType.ERROR) {
                return answers;
            }
        }
    }

    /** Waits for the next pushed packet (txn 0) of a type; other packets stay in the mailbox. */
    public Packet awaitPush(int type) {
        return await(p -> p.txn() == 0 && p.type() == type, "a push of type " + type);
    }

    /** Whether a pushed packet of that type is already in the mailbox (it stays there). */
    public boolean hasPush(int type) {
        drain();
        return stash.stream().anyMatch(p -> p.txn() == 0 && p.type() == type);
    }

    /** Waits for the packet that matches, keeping the others in order. */
    public Packet await(Predicate<Packet> match, String what) {
        for (Iterator<Packet> it = stash.iterator(); it.hasNext(); ) {
            Packet p = it.next();
            if (match.test(p)) {
                it.remove();
                return p;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Packet p;
            try {
                p = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
            if (p == null) {
                throw new IllegalStateException("no " + what + " within " + timeout
                        + (closed.isDone() ? " (the server closed the connection)" : "") + "; mailbox: " + stash);
            }
            if (match.test(p)) {
                return p;
            }
            stash.add(p);
        }
    }

    /** Drops the packets already in the mailbox that match: what comes next is told apart from what came before. */
    public void forget(Predicate<Packet> match) {
        drain();
        stash.removeIf(match);
    }

    private void drain() {
        inbox.drainTo(stash);
    }

    /** Waits until the server closes the connection; false if it stays open past the timeout. */
    public boolean awaitClosed(Duration within) {
        try {
            closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Stops reading from the socket, as a stalled phone would (slow-reader tests). */
    public void pauseReading() {
        channel.config().setAutoRead(false);
    }

    public void resumeReading() {
        channel.config().setAutoRead(true);
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    // ---- the protocol's common conversations ----

    /** NEW_REGISTRATION; returns the REGISTER_OK or throws with the ERROR. */
    public Packet register(String username, String password, String mobile) {
        return expect(call(new Request.NewRegistration(nextTxn(), username, password, mobile, null,
                null, null, null, null).toPacket()), PacketType.OK);
    }

    /** LOGIN as a 4.20 MIDlet would; returns the challenge or throws with the answer. */
    public Packet loginStart(String username, int clientVersion, int presence) {
        Packet login = new Request.Login(nextTxn(), 1, clientVersion, username, presence,
                "J2MEv4.20.291", "Revenant", "en-US").toPacket();
        return expect(call(login), PacketType.LOGIN_CHALLENGE);
    }

    /** Logs in as a 4.20 MIDlet; returns LOGIN_OK or throws with the answer. */
    public Packet login(String username, String password) {
        return login(username, password, 420, 1);
    }

    public Packet login(String username, String password, int clientVersion, int presence) {
        Packet challenge = loginStart(username, clientVersion, presence);
        // what the server's default policy takes from this version: the MIDlets' lower-cased String.hashCode
        // below 500, the SHA-1 fold from 500 on
        int proof = clientVersion >= 500 ? LoginHash.sha1Fold(challenge.string(1), password)
                : LoginHash.stringHash(challenge.string(1), password.toLowerCase(Locale.ROOT));
        return expect(call(new Request.LoginResponse(nextTxn(), proof).toPacket()), PacketType.LOGIN_OK);
    }

    /** GET_CONTACTS; the whole answer through GET_CONTACTS_COMPLETE. */
    public List<Packet> contacts() {
        return callUntil(new Request.GetContacts(nextTxn(), 0).toPacket(), PacketType.GET_CONTACTS_COMPLETE);
    }

    /** A private text message; returns the OK (GUID, timestamp) or throws with the ERROR. */
    public Packet sendMessage(String to, String text) {
        return expect(call(new Request.PrivateMessage(nextTxn(), Request.Message.DESTINATION_PRIVATE, to,
                Request.Message.CONTENT_TEXT, text).toPacket()), PacketType.OK);
    }

    // ---- contact requests, privacy, profile ----

    /** ADD_CONTACT of a mig33 user; the answer (CONTACT, or ERROR). */
    public Packet addContact(String username) {
        return call(new Request.AddContact(nextTxn(), username, 0, null).toPacket());
    }

    /** OPEN_URL (922) as the 4.x MIDlets send it: {@code purpose} 1 a page, 2 an image; the OPEN_URL_RESPONSE. */
    public Packet openUrl(String url, int purpose) {
        return call(new Request.OpenUrl(nextTxn(), url, null, purpose).toPacket());
    }

    /** A page fetched through the gateway (OPEN_URL for a page), as text. */
    public String openPage(String url) {
        return pageOf(openUrl(url, 1));
    }

    /** The page an OPEN_URL_RESPONSE carries, as text. */
    private String pageOf(Packet answer) {
        return new String(expect(answer, PacketType.OPEN_URL_RESPONSE).raw(2), StandardCharsets.UTF_8);
    }

    /**
     * A page's form submitted as 4.62's browser does: OPEN_URL with Method 2 (POST), the form's fields as
     * Parameter ({@code name=value&...}, only spaces escaped); the page that comes back, as text.
     */
    public String submitForm(String action, String fields) {
        Packet answer = call(new Request.OpenUrl(nextTxn(), action, fields.replace(" ", "%20"),
                Request.OpenUrl.FOR_PAGE).toPacket());
        return pageOf(answer);
    }

    /** GET_CONTACT_REQUESTS: the requesters' names, in the server's order (the answer ends with OK). */
    public List<String> contactRequests() {
        return callUntil(new Request.GetContactRequests(nextTxn()).toPacket(), PacketType.OK).stream()
                .filter(a -> a.type() == PacketType.CONTACT_REQUEST).map(a -> a.string(1)).toList();
    }

    /** ACCEPT_CONTACT_REQUEST; the answer (OK, CONTACT when added back, or ERROR). */
    public Packet acceptContactRequest(String username, boolean addBack, int groupId) {
        return call(new Request.AcceptContactRequest(nextTxn(), username, addBack, groupId).toPacket());
    }

    /** REJECT_CONTACT_REQUEST, optionally blocking the requester; the answer. */
    public Packet rejectContactRequest(String username, boolean block) {
        return call(new Request.RejectContactRequest(nextTxn(), username, block).toPacket());
    }

    /** SET_PERMISSION (1 allow, 2 block, 0 neither); the answer. */
    public Packet setPermission(String username, int permission) {
        return call(new Request.SetPermission(nextTxn(), username, permission).toPacket());
    }

    /** GET_PERMISSION_LIST; the PERMISSION_LIST (1 allow list, 2 block list). */
    public Packet permissionList() {
        return expect(call(new Request.GetPermissionList(nextTxn()).toPacket()), PacketType.PERMISSION_LIST);
    }

    public Packet setStatusMessage(String text) {
        return call(new Request.SetStatusMessage(nextTxn(), text).toPacket());
    }

    public Packet setDisplayPicture(String reference) {
        return call(new Request.SetDisplayPicture(nextTxn(), reference).toPacket());
    }

    /** GET_USER_PROFILE; the USER_PROFILE. */
    public Packet profile() {
        return expect(call(new Request.GetUserProfile(nextTxn()).toPacket()), PacketType.USER_PROFILE);
    }

    public Packet changePassword(String oldPassword, String newPassword) {
        return call(new Request.ChangePassword(nextTxn(), oldPassword, newPassword).toPacket());
    }


    /** CREATE_GROUP_CHAT inviting {@code invited}; returns the answer (GROUP_CHAT, or ERROR). */
    public Packet createGroupChat(String... invited) {
        return call(new Request.CreateGroupChat(nextTxn(), Request.IM_MIG33, List.of(invited)).toPacket());
    }

    /** GROUP_CHAT_INVITE; returns the answer (OK, or ERROR). */
    public Packet inviteToGroupChat(String groupChatId, String... users) {
        return call(new Request.GroupChatInvite(nextTxn(), groupChatId, List.of(users)).toPacket());
    }

    /** LEAVE_GROUP_CHAT; returns the answer (OK, or ERROR). */
    public Packet leaveGroupChat(String groupChatId) {
        return call(new Request.LeaveGroupChat(nextTxn(), groupChatId).toPacket());
    }

    /** GET_GROUP_CHAT_PARTICIPANTS; returns the answer (GROUP_CHAT_PARTICIPANTS, or ERROR). */
    public Packet groupChatParticipants(String groupChatId) {
        return call(new Request.GetGroupChatParticipants(nextTxn(), groupChatId).toPacket());
    }

    /** A text to a group chat (destination type 2); returns the answer (OK, or ERROR). */
    public Packet sendToGroupChat(String groupChatId, String text) {
        return call(new Request.GroupChatMessage(nextTxn(), groupChatId, Request.Message.CONTENT_TEXT, text)
                .toPacket());
    }


    /** A picture to a user (content type 2, the bytes in field 8); returns the answer (OK, or ERROR). */
    public Packet sendPicture(String to, byte[] picture) {
        return call(new Request.FileMessage(nextTxn(), to, Request.Message.CONTENT_IMAGE, picture).toPacket());
    }

    /** UPLOAD_FILE of a picture; returns the answer (OK with the URL in field 1, or ERROR). */
    public Packet uploadPicture(byte[] picture, String description, boolean displayPicture) {
        return call(new Request.UploadFile(nextTxn(), Request.UploadFile.FILE_TYPE_IMAGE, picture, description,
                displayPicture).toPacket());
    }

    // ---- chat rooms ----

    /** GET_CHATROOMS: the rooms matching {@code search} on {@code page} (from 1), through GET_CHATROOMS_COMPLETE. */
    public List<Packet> chatRooms(String search, int page) {
        return callUntil(new Request.GetChatrooms(nextTxn(), search, page, null).toPacket(),
                PacketType.GET_CHATROOMS_COMPLETE);
    }

    /** GET_CHATROOM_CATEGORIES, through GET_CHATROOM_CATEGORIES_COMPLETE. */
    public List<Packet> chatRoomCategories() {
        return callUntil(new Request.GetChatroomCategories(nextTxn()).toPacket(), PacketType.GET_CHATROOM_CATEGORIES_COMPLETE);
    }

    /** GET_CATEGORIZED_CHATROOMS, through GET_CATEGORIZED_CHATROOMS_COMPLETE. */
    public List<Packet> categorizedChatRooms(int category) {
        return callUntil(new Request.GetCategorizedChatrooms(nextTxn(), category, true).toPacket(),
                PacketType.GET_CATEGORIZED_CHATROOMS_COMPLETE);
    }

    /** CREATE_CHATROOM; returns the OK or throws with the ERROR. */
    public Packet createChatRoom(String name, String description, String keywords, boolean allowKicking) {
        return expectNoError(call(new Request.CreateChatroom(nextTxn(), name, description, keywords, "en", allowKicking)
                .toPacket()));
    }

    /** JOIN_CHATROOM; returns the CHATROOM (clients from 440) or OK, or throws with the ERROR. */
    public Packet joinChatRoom(String room) {
        return expectNoError(call(new Request.JoinChatroom(nextTxn(), room).toPacket()));
    }

    public Packet leaveChatRoom(String room) {
        return expect(call(new Request.LeaveChatroom(nextTxn(), room).toPacket()), PacketType.OK);
    }

    /** A text line to a room (destination type 3); returns the OK or throws with the ERROR. */
    public Packet sendRoomMessage(String room, String text) {
        return expect(call(new Request.RoomMessage(nextTxn(), room, Request.Message.CONTENT_TEXT, text).toPacket()), PacketType.OK);
    }

    /** GET_CHATROOM_PARTICIPANTS; returns CHATROOM_PARTICIPANTS or throws with the ERROR. */
    public Packet chatRoomParticipants(String room) {
        return expect(call(new Request.GetChatroomParticipants(nextTxn(), room).toPacket()),
                PacketType.CHATROOM_PARTICIPANTS);
    }

    /** KICK_CHATROOM_PARTICIPANT (a vote, or a kick by an administrator); OK or throws with the ERROR. */
    public Packet kickFromChatRoom(String room, String user) {
        return expect(call(new Request.KickChatroomParticipant(nextTxn(), room, user).toPacket()),
                PacketType.OK);
    }

    public Packet muteInChatRoom(String room, String user, boolean mute) {
        Request r = mute ? new Request.MuteChatroomParticipant(nextTxn(), room, user)
                : new Request.UnmuteChatroomParticipant(nextTxn(), room, user);
        return expect(call(r.toPacket()), PacketType.OK);
    }

    public Packet addFavouriteChatRoom(String room) {
        return expect(call(new Request.AddFavoriteChatroom(nextTxn(), room).toPacket()), PacketType.OK);
    }

    public Packet removeFavouriteChatRoom(int category, String room) {
        return expect(call(new Request.RemoveFavoriteChatroom(nextTxn(), category, room).toPacket()),
                PacketType.OK);
    }

    /** Waits for a MESSAGE push in {@code room} from {@code source} (the room itself for its own lines). */
    public Packet awaitRoomMessage(String room, String source) {
        return await(p -> p.txn() == 0 && p.type() == PacketType.MESSAGE && p.integer(3, 0) == 3
                && room.equals(p.string(4)) && source.equals(p.string(2)), "a line from " + source + " in " + room);
    }

    /** Waits for the room's own line with exactly this text. */
    public Packet awaitRoomLine(String room, String text) {
        return await(p -> p.txn() == 0 && p.type() == PacketType.MESSAGE && p.integer(3, 0) == 3
                && room.equals(p.string(2)) && text.equals(p.string(8)), "the line \"" + text + "\" in " + room);
    }

    /** Whether a packet that matches is already in the mailbox (it stays there). */
    public boolean hasReceived(Predicate<Packet> match) {
        drain();
        return stash.stream().anyMatch(match);
    }

    private static Packet expectNoError(Packet answer) {
        if (answer.type() == PacketType.ERROR) {
            throw new Mig33Exception("expected an answer but got ERROR: " + answer.string(2, ""), answer);
        }
        return answer;
    }

    public void logout() {
        send(new Request.Logout(nextTxn()).toPacket());
    }

    private static Packet expect(Packet answer, int type) {
        if (answer.type() != type) {
            throw new Mig33Exception("expected packet " + type + " but got " + answer.type() + ": "
                    + answer.string(2, ""), answer);
        }
        return answer;
    }

    /** Starts closing without waiting (a load generator closing thousands). */
    public void closeLater() {
        channel.close();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
