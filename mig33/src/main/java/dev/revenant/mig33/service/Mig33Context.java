package dev.revenant.mig33.service;

import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.session.SessionRegistry;
import dev.revenant.mig33.Mig33Config;
import dev.revenant.mig33.store.AccountStore;
import dev.revenant.mig33.store.ChatRoomStore;
import dev.revenant.mig33.store.ContactStore;
import dev.revenant.mig33.store.OfflineMessageStore;
import dev.revenant.mig33.store.ContactRequestStore;
import dev.revenant.mig33.store.PermissionStore;
import dev.revenant.mig33.store.ProfileStore;
import dev.revenant.mig33.store.PictureStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What the mig33 services share: configuration, stores, the session seams, secrets, clock and metrics.
 * {@link #permissions()} is the seam to ask whether one user blocks another.
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
        // contact requests, privacy, profile
        ContactRequestStore requests,
        PermissionStore permissions,
        ProfileStore profiles,
        // pictures
        PictureStore pictures,
        // chat rooms
        ChatRoomStore chatRooms) {

    public static final String SERVICE = "mig33";
}
