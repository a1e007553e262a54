package dev.revenant.mig33.push;

import dev.revenant.core.session.Delivery;
import java.util.Map;
import java.util.function.Function;

/** The one table from a {@link Delivery}'s kind back to its {@link Push}. */
public final class Pushes {
    private Pushes() {}

    private static final Map<String, Function<Delivery, Push>> READERS = Map.ofEntries(
            Map.entry(Push.PrivateText.KIND, Push.PrivateText::from),
            Map.entry(Push.Presence.KIND, Push.Presence::from),
            Map.entry(Push.StatusMessage.KIND, Push.StatusMessage::from),
            Map.entry(Push.DisplayPicture.KIND, Push.DisplayPicture::from),
            Map.entry(Push.ContactRequest.KIND, Push.ContactRequest::from),
            Map.entry(Push.Follow.KIND, Push.Follow::from),
            Map.entry(Push.Hide.KIND, Push.Hide::from),
            Map.entry(Push.Alert.KIND, Push.Alert::from),
            Map.entry(Push.FileReceived.KIND, Push.FileReceived::from),
            Map.entry(Push.GroupChatInvited.KIND, Push.GroupChatInvited::from),
            Map.entry(Push.GroupChatStatus.KIND, Push.GroupChatStatus::from),
            Map.entry(Push.GroupChatText.KIND, Push.GroupChatText::from),
            Map.entry(Push.RoomLine.KIND, Push.RoomLine::from),
            Map.entry(Push.RoomKicked.KIND, Push.RoomKicked::from),
            Map.entry(Push.ClientReport.KIND, Push.ClientReport::from));

    /** The push {@code d} carries, or null for a kind that is not a mig33 push. */
    public static Push fromDelivery(Delivery d) {
        if (d.carried() instanceof Push made) {
            return made; // made on this node: taken back as it was
        }
        Function<Delivery, Push> reader = READERS.get(d.kind());
        return reader == null ? null : reader.apply(d);
    }
}
