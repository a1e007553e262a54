package dev.revenant.loadgen;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/** The mig33 scenarios, against the real gateway or the raw baseline (the same generator for both). */
final class Mig33Scenarios {
    static final int JOIN_CHATROOM = 703;
    static final int DESTINATION_ROOM = 3;

    private final BenchSettings s;
    private final PrintStream out;
    /** Several nodes to spread the users over (user i on node i % n), or null: the one server named. */
    private java.util.List<InetSocketAddress> nodes;
    /** The bench user the first client logs in as (idle: several generator processes take a range each). */
    private int firstUser;

    /** Whether the server measured runs in this process (then the result says what it spent). */
    private boolean serverInProcess;
    /** A --target server's process on this machine (--server-pid), whose CPU the result then reports; or null. */
    private ProcessHandle serverProcess;

    Mig33Scenarios(BenchSettings settings, PrintStream out) {
        this.s = settings;
        this.out = out;
    }

    /** Says that the server runs in this process, so that its CPU and GC pauses in the window are reported. */
    Mig33Scenarios serverInProcess(boolean inProcess) {
        this.serverInProcess = inProcess;
        return this;
    }

    /** Says which process on this machine is the --target server, so that its CPU in the window is reported. */
    Mig33Scenarios serverProcess(ProcessHandle server) {
        this.serverProcess = server;
        return this;
    }

    /** What measures the server's cost in a window: in this process, in the --server-pid process, or nothing. */
    private java.util.function.Supplier<ServerCost> meter() {
        if (serverInProcess) {
            return () -> ServerCost.start(Thread.currentThread());
        }
        ProcessHandle server = serverProcess;
        return server == null ? null : () -> ServerCost.startFor(server);
    }

    /** Spreads the users over several nodes: user i connects to {@code nodes[i % n]}. */
    Mig33Scenarios spreadOver(java.util.List<InetSocketAddress> several, int first) {
        this.nodes = several.size() > 1 ? java.util.List.copyOf(several) : null;
        this.firstUser = first;
        return this;
    }

    /** LOGIN, LOGIN_RESPONSE and the contact list, as a MIDlet does on start. */
    private Mig33Fleet.ClientStep login() {
        return (i, c) -> {
            c.login(BenchUsers.mig33Name(firstUser + i), BenchUsers.PASSWORD);
            c.contacts();
        };
    }

    private Mig33Fleet fleet(InetSocketAddress server, int users) {
        return new Mig33Fleet(nodes != null ? nodes : java.util.List.of(server), s.sources(), s.clientThreads(), users,
                s.netTransport(), s.transport(), s.poll());
    }

    private void progress(String what) {
        out.println("bench: " + what);
        out.flush();
    }

    /**
     * N sessions held, each PINGing every {@code pingSeconds}; heap per session is the difference of the
     * heap after a full GC before and after, divided by the sessions (in process: server and generator).
     */
    BenchResult idle(InetSocketAddress server, boolean baseline, boolean heapMeasured) {
        BenchResult r = new BenchResult(baseline ? "baseline-idle" : "mig33-idle");
        long before = heapMeasured ? HeapGauge.usedAfterGc() : 0;
        try (Mig33Fleet fleet = fleet(server, s.users())) {
            progress("connecting " + s.users() + (baseline ? " raw connections" : " users (login + contact list)")
                    + " at up to " + s.ramp() + "/s from " + fleet.sourceAddresses() + " source addresses");
            // each session PINGs from its login on, as a phone does: a ramp longer than the server's idle
            // timeout (mig33.idleTimeout) would otherwise lose its first sessions before the hold
            Pinger pinger = new Pinger(fleet, Duration.ofSeconds(s.pingSeconds()));
            Thread pinging = new Thread(pinger, "bench-pinger");
            pinging.setDaemon(true);
            pinging.start();
            Mig33Fleet.Ramp ramp = fleet.connect(s.ramp(), s.parallel(), baseline ? null : login(), s.rampBudget());
            r.put("users", s.users()).put("connected", ramp.connected()).put("failed", ramp.failed())
                    .put(baseline ? "connectsPerSecond" : "loginsPerSecond", ramp.perSecond())
                    .put("rampSeconds", ramp.seconds());
            if (ramp.firstError() != null) {
                r.put("firstError", ramp.firstError());
            }
            progress("holding " + ramp.connected() + " sessions for " + s.duration().toSeconds() + " s, each pinging every "
                    + s.pingSeconds() + " s");
            long sentBefore = pinger.sent.sum();
            long pongsBefore = pinger.pongs.sum();
            LockSupport.parkNanos(s.duration().toNanos());
            pinger.stop = true;
            try {
                pinging.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            r.put("pingsSent", pinger.sent.sum() - sentBefore).put("pongs", pinger.pongs.sum() - pongsBefore)
                    .put("stillOpen", fleet.open());
            if (heapMeasured) {
                long after = HeapGauge.usedAfterGc();
                r.put("heapBeforeMiB", before / 1048576.0).put("heapAfterMiB", after / 1048576.0)
                        .put("heapPerSessionBytes", ramp.connected() > 0 ? (after - before) / ramp.connected() : 0)
                        .note("heap per session is measured in this one JVM: it holds the server's side and the "
                                + "generator's client side of every connection; subtract baseline-idle for the server's share");
            }
        }
        return r;
    }

    /** PINGs spread evenly, so that each session in the fleet sends one per period; counts them and the answers. */
    private static final class Pinger implements Runnable {
        private final Mig33Fleet fleet;
        private final Duration period;
        final LongAdder sent = new LongAdder();
        final LongAdder pongs = new LongAdder();
        volatile boolean stop;

        Pinger(Mig33Fleet fleet, Duration period) {
            this.fleet = fleet;
            this.period = period;
        }

        @Override
        public void run() {
            boolean[] listened = new boolean[fleet.size()];
            long start = System.nanoTime();
            double perSecond = fleet.size() / (double) Math.max(1, period.toSeconds());
            long issued = 0;
            int cursor = 0;
            while (!stop) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * perSecond);
                while (issued < due) {
                    issued++;
                    int i = cursor;
                    cursor = (cursor + 1) % fleet.size();
                    Mig33Client c = fleet.get(i);
                    if (c == null || !c.isOpen()) {
                        continue;
                    }
                    if (!listened[i]) {
                        listened[i] = true;
                        c.listen(p -> {
                            if (p.type() == PacketType.PONG || p.type() == PacketType.PING) {
                                pongs.increment();
                            }
                            return true;
                        });
                    }
                    c.sendLater(c.request(PacketType.PING).build());
                    sent.increment();
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }

    /** Private messages to contacts (or, on the baseline, to the paired connection). */
    BenchResult chat(InetSocketAddress server, boolean baseline) {
        BenchResult r = new BenchResult(baseline ? "baseline-chat" : "mig33-chat");
        int users = s.users() - s.users() % 2;
        try (Mig33Fleet fleet = fleet(server, users)) {
            MessageTraffic traffic = new MessageTraffic(users, s.maxInFlight(), meter(), s.latencyLog());
            progress("connecting " + users + (baseline ? " raw connections (paired 0-1, 2-3, …)" : " users")
                    + " from " + fleet.sourceAddresses() + " source addresses");
            // the baseline pairs connections in accept order: connect one at a time so that order is ours
            Mig33Fleet.Ramp ramp = fleet.connect(s.ramp(), baseline ? 1 : s.parallel(),
                    baseline ? null : login(), s.rampBudget());
            for (int i = 0; i < users; i++) {
                Mig33Client c = fleet.get(i);
                if (c != null) {
                    c.listen(traffic.listener(i));
                }
            }
            r.put("users", users).put("connected", ramp.connected()).put("failed", ramp.failed())
                    .put(baseline ? "connectsPerSecond" : "loginsPerSecond", ramp.perSecond())
                    .put("ratePerUser", s.rate()).put("targetPerSecond", users * s.rate());
            if (ramp.firstError() != null) {
                r.put("firstConnectError", ramp.firstError());
            }
            int contacts = Math.min(s.contacts(), users - 1);
            progress("sending " + users * s.rate() + " messages/s for " + s.warmup().toSeconds() + " s warm-up + "
                    + s.duration().toSeconds() + " s" + (s.count() > 0 ? " or " + s.count() + " messages" : ""));
            MessageTraffic.Window w = traffic.run(fleet, users * s.rate(), (c, i, seq, text) -> {
                String to = baseline ? "peer" : BenchUsers.mig33Name(BenchUsers.contactOf(i, (int) (seq % contacts), users));
                return c.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, to).int16(6, 1).string(8, text).build();
            }, s.warmup(), s.duration(), s.count());
            traffic.report(r, w);
            r.put("framesPerSecond", (w.sent() * 3) / Math.max(w.seconds(), 1e-9))
                    .note("framesPerSecond counts one MESSAGE in, one OK and one delivery out per message sent");
        }
        return r;
    }

    /**
     * Rooms of {@code roomSize} users (user i in room {@code benchroom<i/roomSize>}), each sending at the
     * given rate; every line fans out to the room's other members.
     */
    BenchResult room(InetSocketAddress server) {
        BenchResult r = new BenchResult("mig33-room");
        int users = s.users();
        int size = Math.max(2, s.roomSize());
        try (Mig33Fleet fleet = fleet(server, users)) {
            progress("probing JOIN_CHATROOM (703) on the server");
            Mig33Fleet.Ramp probe;
            String[] unsupported = new String[1];
            try (Mig33Fleet one = fleet(server, 1)) {
                probe = one.connect(1, 1, (i, c) -> {
                    c.login(BenchUsers.mig33Name(0), BenchUsers.PASSWORD);
                    Packet answer = c.call(c.request(JOIN_CHATROOM).string(1, roomName(0, size)).build());
                    if (answer.type() == PacketType.ERROR) {
                        unsupported[0] = answer.string(2, "ERROR");
                    }
                }, Duration.ofSeconds(30));
            }
            if (unsupported[0] != null || probe.connected() == 0) {
                String why = unsupported[0] != null ? unsupported[0] : probe.firstError();
                r.put("supported", false).put("serverAnswer", why)
                        .note("this server does not run chat rooms yet (JOIN_CHATROOM answered: " + why
                                + "); the scenario needs the chat-room feature merged");
                return r;
            }
            MessageTraffic traffic = new MessageTraffic(users, s.maxInFlight(), meter(), s.latencyLog());
            progress("connecting " + users + " users into rooms of " + size);
            Mig33Fleet.Ramp ramp = fleet.connect(s.ramp(), s.parallel(), (i, c) -> {
                c.login(BenchUsers.mig33Name(i), BenchUsers.PASSWORD);
                Packet answer = c.call(c.request(JOIN_CHATROOM).string(1, roomName(i, size)).build());
                if (answer.type() != PacketType.OK) {
                    throw new IllegalStateException("JOIN_CHATROOM answered " + answer);
                }
            }, s.rampBudget());
            for (int i = 0; i < users; i++) {
                Mig33Client c = fleet.get(i);
                if (c != null) {
                    c.listen(traffic.listener(i));
                }
            }
            r.put("supported", true).put("users", users).put("roomSize", size).put("rooms", (users + size - 1) / size)
                    .put("joined", ramp.connected()).put("ratePerUser", s.rate());
            if (ramp.firstError() != null) {
                r.put("firstJoinError", ramp.firstError());
            }
            MessageTraffic.Window w = traffic.run(fleet, users * s.rate(), (c, i, seq, text) ->
                    c.request(PacketType.MESSAGE).int8(1, 1).int8(3, DESTINATION_ROOM).string(4, roomName(i, size))
                            .int16(6, 1).string(8, text).build(), s.warmup(), s.duration(), s.count());
            traffic.report(r, w);
            r.put("fanOutPerLine", w.sent() > 0 ? w.delivered() / (double) w.sent() : 0.0)
                    .note("deliveredPerSecond counts every room line each member received (the fan-out)");
        }
        return r;
    }

    static String roomName(int user, int size) {
        return "benchroom" + user / size;
    }

    /** Closed loop: {@code concurrency} connections each send a frame and send the next when it comes back. */
    BenchResult echo(InetSocketAddress server) {
        BenchResult r = new BenchResult("baseline-echo");
        int n = s.concurrency();
        try (Mig33Fleet fleet = fleet(server, n)) {
            Mig33Fleet.Ramp ramp = fleet.connect(s.ramp(), 1, null, s.rampBudget());
            Latency latency = new Latency();
            LongAdder answers = new LongAdder();
            long[] window = new long[2];
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            for (int i = 0; i < n; i++) {
                Mig33Client c = fleet.get(i);
                if (c == null) {
                    continue; // did not connect: counted in "connected"
                }
                c.listen(p -> {
                    latency.record(p.raw(8));
                    answers.increment();
                    if (!stop.get()) {
                        c.sendLater(c.request(PacketType.PING).string(8, Latency.stamp()).build());
                    }
                    return true;
                });
            }
            progress("echo: " + n + " connections in a closed loop for " + s.warmup().toSeconds() + " + "
                    + s.duration().toSeconds() + " s");
            for (int i = 0; i < n; i++) {
                Mig33Client c = fleet.get(i);
                if (c != null) {
                    c.sendLater(c.request(PacketType.PING).string(8, Latency.stamp()).build());
                }
            }
            sleep(s.warmup());
            latency.reset();
            window[0] = answers.sum();
            long t0 = System.nanoTime();
            sleep(s.duration());
            window[1] = answers.sum();
            double seconds = (System.nanoTime() - t0) / 1e9;
            stop.set(true);
            r.put("concurrency", n).put("connected", ramp.connected()).put("windowSeconds", seconds)
                    .put("requestsPerSecond", (window[1] - window[0]) / seconds)
                    .latency("latency", latency.snapshot());
        }
        return r;
    }

    /**
     * The baseline for a login: each of {@code concurrency} threads connects, makes {@code 3} request/answer
     * round trips and closes, again and again: the connection churn of a PangYa login without its work.
     */
    BenchResult connectEcho(InetSocketAddress server) {
        BenchResult r = new BenchResult("baseline-connect");
        int n = s.concurrency();
        SourceAddresses sources = new SourceAddresses(s.sources(), server);
        io.netty.channel.EventLoopGroup loops = new io.netty.channel.MultiThreadIoEventLoopGroup(s.clientThreads(),
                s.netTransport().ioHandlers());
        LongAdder cycles = new LongAdder();
        LongAdder failures = new LongAdder();
        long end = System.nanoTime() + s.warmup().plus(s.duration()).toNanos();
        progress("connect-echo: " + n + " threads, each connect, 3 round trips, close, for " + s.warmup().toSeconds()
                + " + " + s.duration().toSeconds() + " s");
        Repeaters.Window w = Repeaters.run(n, "bench-connect", t -> () -> {
            while (System.nanoTime() < end) {
                try (Mig33Client c = Mig33Client.connect(server, sources.next(), loops)) {
                    for (int k = 0; k < 3; k++) {
                        c.call(c.request(PacketType.PING).string(8, Latency.stamp()).build());
                    }
                    cycles.increment();
                } catch (RuntimeException e) {
                    failures.increment();
                }
            }
        }, s.warmup(), cycles);
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        return r.put("concurrency", n).put("failures", failures.sum()).put("windowSeconds", w.seconds())
                .put("cyclesPerSecond", w.perSecond())
                .note("one cycle = TCP connect, 3 request/answer round trips, close (a PangYa login's shape)");
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
