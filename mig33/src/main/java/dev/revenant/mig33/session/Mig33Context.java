package dev.revenant.mig33.session;

import dev.revenant.cluster.Community;
import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.session.SessionRegistry;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.store.AccountStore;
import dev.revenant.mig33.store.ChatRoomStore;
import dev.revenant.mig33.store.ContactRequestStore;
import dev.revenant.mig33.store.ContactStore;
import dev.revenant.mig33.store.OfflineMessageStore;
import dev.revenant.mig33.store.PermissionStore;
import dev.revenant.mig33.store.PictureStore;
import dev.revenant.mig33.store.ProfileStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What the mig33 gateway builds for its services: configuration, stores, the session seams, secrets, clock
 * and metrics. Only the wiring holds it; each feature is handed the parts it uses.
 *
 * @param cluster this node's seat in a community of several nodes on Redis, or null for one node: the
 *     wiring then keeps the live state (rooms, group chats, login throttles) in Redis rather than in memory
 */
public record Mig33Context(
        Mig33Config config,
        AccountStore accounts,
        ContactStore contacts,
        OfflineMessageStore offline,
        SecretBox secrets,
        SessionRegistry registry,
        MessageBus bus,
        Executor workers,
        Clock clock,
        MeterRegistry meters,
        ContactRequestStore requests,
        PermissionStore permissions,
        ProfileStore profiles,
        PictureStore pictures,
        ChatRoomStore chatRooms,
        Community cluster) {

    /** One node: the live state in this process's memory. */
    public Mig33Context(Mig33Config config, AccountStore accounts, ContactStore contacts, OfflineMessageStore offline,
                        SecretBox secrets, SessionRegistry registry, MessageBus bus, Executor workers, Clock clock,
                        MeterRegistry meters, ContactRequestStore requests, PermissionStore permissions,
                        ProfileStore profiles, PictureStore pictures, ChatRoomStore chatRooms) {
        this(config, accounts, contacts, offline, secrets, registry, bus, workers, clock, meters, requests, permissions,
                profiles, pictures, chatRooms, null);
    }

    public static final String SERVICE = "mig33";
    /**
     * The original gateway's answer to a banned (suspended) account's login, ERROR code 1 (undefined); a
     * banned user's live session ends with it too.
     */
    public static final String SUSPENDED = "Your account is suspended";
    /** The bus topic every client crash report (REPORT 10) is published on, for the operator's list. */
    public static final String CLIENT_REPORTS_TOPIC = "mig33.client_reports";
}
