package dev.revenant.app.admin;

import dev.revenant.app.http.ConsoleSessions;
import dev.revenant.app.http.HttpListener;
import dev.revenant.app.http.HttpProblem;
import dev.revenant.app.http.Request;
import dev.revenant.app.http.Response;
import dev.revenant.app.http.RouteHandler;
import dev.revenant.core.session.SessionHandle;
import dev.revenant.core.session.SessionRegistry;
import dev.revenant.core.store.Database;
import dev.revenant.mig33.Mig33Admin;
import dev.revenant.mig33.store.Ban;
import dev.revenant.pangya.ServerListing;
import dev.revenant.pangya.store.AccountAdmin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The admin API, {@code /admin/api/...}: JSON over the HTTP listener, behind the admin token (or a signed-in
 * web console), described by the OpenAPI document at {@code /admin/api/openapi.json}. Users (search, create,
 * ban with reason and duration, unban, password, delete), sessions online and kick, rooms (list, create,
 * edit and administrators, close), alerts, PangYa accounts and game servers, client crash reports, the
 * dashboard's figures and the audit log. Every change is written to the {@link AuditLog}.
 */
public final class AdminApi {
    public static final String BASE = "/admin/api";
    /** A page of a list, unless the caller asks for another size. */
    public static final int DEFAULT_PAGE = 50;
    /** The largest page: a bigger list is read page by page. */
    public static final int MAX_PAGE = 200;
    /** What a kicked user's client is told when the operator gives no reason. */
    public static final String KICKED = "You have been disconnected by the operator.";

    /** The services the API works on; {@code pangya} null when PangYa is not running. */
    public record Services(Database database, Mig33Admin mig33, SessionRegistry sessions, Supplier<List<ServerListing>> gameServers,
                           boolean pangyaRunning, AuditLog audit, ClientReports reports, Activity activity,
                           ConsoleSessions console, String node) {}

    record NewUser(String username, String password, String mobile, String displayName, Boolean force) {}

    record BanRequest(String reason, String duration) {}

    record PasswordRequest(String password, Boolean force) {}

    record KickRequest(String reason) {}

    record NewRoom(String name, String description, Integer capacity, String owner, List<String> administrators,
                   String language, Boolean adult, Boolean allowKicking, String keywords) {}

    record RoomEdit(String description, Integer capacity, String language, Boolean adult, Boolean allowKicking,
                    String keywords, List<String> addAdministrators, List<String> removeAdministrators) {}

    private final Services s;
    private final RouteHandler alerts;
    private final AccountAdmin pangyaAccounts;

    /** {@code alerts}: the route that sends announcements, audited here. */
    public AdminApi(Services services, RouteHandler alerts) {
        this.s = services;
        this.alerts = alerts;
        this.pangyaAccounts = new AccountAdmin(services.database());
    }

    /** Registers the API's routes (admin: token or console) and the console's sign-in. */
    public void registerOn(HttpListener http) {
        http.routeAdmin("GET", BASE + "/openapi.json", r -> resource("admin/openapi.json", Response.JSON));
        http.routeAdmin("GET", BASE + "/users", this::users);
        http.routeAdmin("POST", BASE + "/users", this::changeUser);
        http.routeAdmin("DELETE", BASE + "/users", this::deleteUser);
        http.routeAdmin("GET", BASE + "/sessions", this::sessions);
        http.routeAdmin("POST", BASE + "/sessions", this::kick);
        http.routeAdmin("GET", BASE + "/rooms", this::rooms);
        http.routeAdmin("POST", BASE + "/rooms", this::addRoom);
        http.routeAdmin("PATCH", BASE + "/rooms", this::editRoom);
        http.routeAdmin("DELETE", BASE + "/rooms", this::closeRoom);
        http.routeAdmin("POST", BASE + "/alerts", alerts());
        http.routeAdmin("GET", BASE + "/pangya/accounts", this::pangyaAccounts);
        http.routeAdmin("POST", BASE + "/pangya/accounts", this::changePangyaAccount);
        http.routeAdmin("GET", BASE + "/pangya/servers", r -> Response.ok(Map.of("running", s.pangyaRunning(),
                "gameServers", s.gameServers().get())));
        http.routeAdmin("GET", BASE + "/reports", r -> Response.ok(Map.of("reports",
                s.reports().latest(limit(r)))));
        http.routeAdmin("GET", BASE + "/dashboard", this::dashboard);
        http.routeAdmin("GET", BASE + "/audit", r -> Response.ok(Map.of("entries", s.audit().latest(limit(r)))));
    }

    /** Sends an alert (see Mig33AlertRoute), written to the audit log. */
    public RouteHandler alerts() {
        return r -> audited(r, "alert", alertTarget(r), () -> alerts.handle(r));
    }

    /** To whom an alert goes, for the audit log: one user, or everyone online. */
    private static String alertTarget(Request r) {
        Object user = r.bodyAs(Map.class).get("user");
        return user == null || user.toString().isBlank() ? "everyone" : user.toString();
    }

    // ---- users ----

    private Response users(Request r) {
        String search = r.queryParam("search").orElse("").strip().toLowerCase(Locale.ROOT);
        Map<String, Ban> bans = s.mig33().bans();
        List<Map<String, Object>> matching = new ArrayList<>();
        for (Mig33Admin.UserRow u : s.mig33().users()) {
            if (search.isEmpty() || u.username().contains(search)
                    || (u.displayName() != null && u.displayName().toLowerCase(Locale.ROOT).contains(search))) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("username", u.username());
                row.put("displayName", u.displayName());
                row.put("mobile", u.mobile());
                row.put("online", Boolean.TRUE.equals(u.online()));
                row.put("ban", Optional.ofNullable(bans.get(u.username())).map(AdminApi::ban).orElse(null));
                matching.add(row);
            }
        }
        return page(r, "users", matching);
    }

    private static Map<String, Object> ban(Ban b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", b.reason());
        m.put("until", b.until() == null ? null : b.until().toString());
        m.put("bannedBy", b.bannedBy());
        m.put("bannedAt", b.bannedAt().toString());
        return m;
    }

    /** POST /users (create), /users/NAME/ban, /users/NAME/unban, /users/NAME/password. */
    private Response changeUser(Request r) throws Exception {
        String[] parts = r.rest().split("/");
        if (r.rest().isEmpty()) {
            NewUser u = r.bodyAs(NewUser.class);
            return audited(r, "user add", u.username(), () -> created(s.mig33().addUser(required(u.username(), "username"),
                    required(u.password(), "password"), u.mobile(), u.displayName(), Boolean.TRUE.equals(u.force()))));
        }
        if (parts.length != 2) {
            throw new HttpProblem(404, "no such resource: " + r.path());
        }
        String user = parts[0];
        return switch (parts[1]) {
            case "ban" -> {
                BanRequest b = r.bodyAs(BanRequest.class);
                Duration duration = duration(b.duration());
                yield audited(r, "user ban", user + " (" + (duration == null ? "until lifted" : b.duration()) + ": "
                        + (b.reason() == null ? "" : b.reason()) + ")", () -> said(s.mig33().banUser(user, b.reason(), duration, who(r))));
            }
            case "unban" -> audited(r, "user unban", user, () -> said(s.mig33().unbanUser(user)));
            case "password" -> {
                PasswordRequest p = r.bodyAs(PasswordRequest.class);
                yield audited(r, "user passwd", user, () -> said(s.mig33().setPassword(user, required(p.password(), "password"),
                        Boolean.TRUE.equals(p.force()))));
            }
            default -> throw new HttpProblem(404, "no such resource: " + r.path());
        };
    }

    private Response deleteUser(Request r) throws Exception {
        String user = single(r);
        boolean force = r.queryParam("force").map(Boolean::parseBoolean).orElse(false);
        return audited(r, "user del", user + (force ? " (--force)" : ""), () -> said(s.mig33().deleteUser(user, force)));
    }

    /** A duration as operators write it ({@code 30m}, {@code 7d}, ISO {@code PT2H}); empty: until lifted. */
    static Duration duration(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return dev.revenant.core.config.HumanDuration.parse(text.strip()).orElseThrow();
        } catch (RuntimeException e) {
            throw new HttpProblem(400, "duration must be like 30m, 12h or 7d (or empty: until lifted), not " + text);
        }
    }

    // ---- sessions ----

    /** The most sessions the operator's list reads, of every node together. */
    static final int MOST_SESSIONS = 100_000;

    private Response sessions(Request r) {
        String search = r.queryParam("search").orElse("").strip().toLowerCase(Locale.ROOT);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String protocol : List.of("mig33", "pangya")) {
            for (SessionHandle h : s.sessions().everywhere(protocol, MOST_SESSIONS)) {
                if (h.user() == null || !search.isEmpty() && !h.user().contains(search)) {
                    continue;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("user", h.user());
                row.put("protocol", protocol);
                row.put("transport", Optional.ofNullable(h.attribute("transport")).orElse("tcp"));
                row.put("clientVersion", h.attribute("clientVersion"));
                row.put("address", h.attribute("address"));
                String since = h.attribute("since");
                row.put("since", since == null ? null : Instant.ofEpochMilli(Long.parseLong(since)).toString());
                row.put("node", Optional.ofNullable(h.attribute("node")).orElse(s.node()));
                rows.add(row);
            }
        }
        rows.sort((a, b) -> ((String) a.get("user")).compareTo((String) b.get("user")));
        return page(r, "sessions", rows);
    }

    /** POST /sessions/PROTOCOL/USER/kick: ends the session, telling the client why. */
    private Response kick(Request r) throws Exception {
        String[] parts = r.rest().split("/");
        if (parts.length != 3 || !parts[2].equals("kick")) {
            throw new HttpProblem(404, "no such resource: " + r.path());
        }
        String protocol = parts[0];
        String user = parts[1];
        KickRequest k = r.body().length == 0 ? new KickRequest(null) : r.bodyAs(KickRequest.class);
        String reason = k.reason() == null || k.reason().isBlank() ? KICKED : k.reason().strip();
        if (reason.length() > Mig33Admin.MAX_BAN_REASON) {
            throw new HttpProblem(400, "reason must be at most " + Mig33Admin.MAX_BAN_REASON + " characters");
        }
        return audited(r, "session kick", protocol + " " + user, () -> {
            boolean ended = switch (protocol) {
                case "mig33" -> s.mig33().endSession(user, reason);
                case "pangya" -> s.sessions().lookup("pangya", user).map(h -> {
                    h.end(reason);
                    return true;
                }).orElse(false);
                default -> throw new HttpProblem(404, "no protocol " + protocol + " (mig33 or pangya)");
            };
            if (!ended) {
                throw new IllegalArgumentException("no " + protocol + " session of " + user);
            }
            return said(user + "'s " + protocol + " session ended");
        });
    }

    // ---- rooms ----

    private Response rooms(Request r) {
        String search = r.queryParam("search").orElse("").strip().toLowerCase(Locale.ROOT);
        List<Mig33Admin.RoomRow> rows = s.mig33().rooms().stream()
                .filter(x -> search.isEmpty() || x.room().toLowerCase(Locale.ROOT).contains(search)
                        || x.description().toLowerCase(Locale.ROOT).contains(search)
                        || x.keywords().toLowerCase(Locale.ROOT).contains(search))
                .toList();
        return page(r, "rooms", rows);
    }

    private Response addRoom(Request r) throws Exception {
        if (!r.rest().isEmpty()) {
            throw new HttpProblem(404, "no such resource: " + r.path());
        }
        NewRoom n = r.bodyAs(NewRoom.class);
        return audited(r, "room add", n.name(), () -> created(s.mig33().addRoom(new Mig33Admin.RoomSpec(n.name(),
                n.description(), n.capacity() == null ? 100 : n.capacity(), n.owner(),
                n.administrators() == null ? List.of() : n.administrators(), n.language(), Boolean.TRUE.equals(n.adult()),
                !Boolean.FALSE.equals(n.allowKicking()), n.keywords()))));
    }

    private Response editRoom(Request r) throws Exception {
        String room = single(r);
        RoomEdit e = r.bodyAs(RoomEdit.class);
        return audited(r, "room edit", room, () -> said(s.mig33().editRoom(room, new Mig33Admin.RoomChange(e.description(),
                e.capacity(), e.language(), e.adult(), e.allowKicking(), e.keywords(),
                e.addAdministrators() == null ? List.of() : e.addAdministrators(),
                e.removeAdministrators() == null ? List.of() : e.removeAdministrators()))));
    }

    private Response closeRoom(Request r) throws Exception {
        String room = single(r);
        return audited(r, "room del", room, () -> said(s.mig33().deleteRoom(room)));
    }

    // ---- PangYa ----

    private Response pangyaAccounts(Request r) {
        String search = r.queryParam("search").orElse("").strip().toLowerCase(Locale.ROOT);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (var row : pangyaAccounts.list()) {
            var a = row.account();
            if (search.isEmpty() || a.username().toLowerCase(Locale.ROOT).contains(search)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", a.id());
                m.put("username", a.username());
                m.put("nickname", a.nickname());
                m.put("banned", a.banned());
                m.put("created", row.created());
                rows.add(m);
            }
        }
        return page(r, "accounts", rows);
    }

    /** POST /pangya/accounts/NAME/ban or /unban. */
    private Response changePangyaAccount(Request r) throws Exception {
        String[] parts = r.rest().split("/");
        if (parts.length != 2) {
            throw new HttpProblem(404, "no such resource: " + r.path());
        }
        String name = parts[0];
        return switch (parts[1]) {
            case "ban" -> audited(r, "pangya account ban", name, () -> {
                pangyaAccounts.ban(name);
                return said("account " + name + " banned");
            });
            case "unban" -> audited(r, "pangya account unban", name, () -> {
                pangyaAccounts.unban(name);
                return said("account " + name + " unbanned");
            });
            default -> throw new HttpProblem(404, "no such resource: " + r.path());
        };
    }

    // ---- dashboard ----

    private Response dashboard(Request r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("now", s.activity().rates());
        body.put("onlineHistory", s.activity().history().stream()
                .map(x -> Map.of("at", Instant.ofEpochMilli(x.at()).toString(), "online", x.online())).toList());
        Map<String, Integer> versions = new TreeMap<>();
        for (SessionHandle h : s.sessions().sessions("mig33")) {
            versions.merge(Optional.ofNullable(h.attribute("clientVersion")).orElse("?"), 1, Integer::sum);
        }
        body.put("clientVersions", versions);
        body.put("busiestRooms", s.activity().busiestRooms(10));
        body.put("latestReports", s.reports().latest(10));
        return Response.ok(body);
    }

    // ---- the plumbing ----

    /** Who acts: the console's operator as they signed in, or the token's holder ({@code api}). */
    String who(Request r) {
        if (r.header("Authorization").isPresent()) {
            return "api" + r.header("X-Revenant-Operator").map(o -> ":" + o.strip()).orElse("");
        }
        return s.console().signedIn(r.headers()).map(c -> "console:" + c.operator()).orElse("api");
    }

    static String from(Request r) {
        return r.remote() == null ? "-" : r.remote().getAddress().getHostAddress();
    }

    /** What an audited action does. */
    @FunctionalInterface
    private interface Work {
        Response run() throws Exception;
    }

    /** An action that changes something: done, then written to the audit log with how it ended. */
    private Response audited(Request r, String action, String target, Work work) throws Exception {
        String who = who(r);
        try {
            Response done = work.run();
            s.audit().record(who, from(r), action, target, done.status() < 400 ? "ok" : "refused (" + done.status() + ")");
            return done;
        } catch (IllegalArgumentException e) {
            s.audit().record(who, from(r), action, target, "refused: " + e.getMessage());
            throw new HttpProblem(e.getMessage().startsWith("no ") ? 404 : 400, e.getMessage());
        } catch (HttpProblem e) {
            s.audit().record(who, from(r), action, target, "refused: " + e.getMessage());
            throw e;
        }
    }

    private static Response said(String message) {
        return Response.ok(Map.of("message", message));
    }

    private static Response created(String message) {
        return Response.json(201, Map.of("message", message));
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new HttpProblem(400, name + " is required");
        }
        return value;
    }

    /** The one name after the route's prefix ({@code /rooms/Lobby}). */
    private static String single(Request r) {
        if (r.rest().isEmpty() || r.rest().contains("/")) {
            throw new HttpProblem(404, "no such resource: " + r.path());
        }
        return r.rest();
    }

    static int limit(Request r) {
        String text = r.queryParam("limit").orElse(Integer.toString(DEFAULT_PAGE));
        int limit;
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new HttpProblem(400, "limit must be a number from 1 to " + MAX_PAGE);
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new HttpProblem(400, "limit must be a number from 1 to " + MAX_PAGE);
        }
        return limit;
    }

    private static Response page(Request r, String name, List<?> all) {
        int limit = limit(r);
        int offset;
        try {
            offset = Integer.parseInt(r.queryParam("offset").orElse("0"));
        } catch (NumberFormatException e) {
            throw new HttpProblem(400, "offset must be a number");
        }
        if (offset < 0) {
            throw new HttpProblem(400, "offset must not be negative");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", all.size());
        body.put("offset", offset);
        body.put("limit", limit);
        body.put(name, all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit)));
        return Response.ok(body);
    }

    static Response resource(String path, String contentType) {
        try (InputStream in = AdminApi.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new HttpProblem(404, "no such resource: " + path);
            }
            return new Response(200, contentType, Map.of("Cache-Control", "no-store", "X-Content-Type-Options", "nosniff"),
                    in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
