package dev.revenant.mig33.service.groupchats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.session.SessionHandle;
import dev.revenant.mig33.service.Seat;
import dev.revenant.mig33.service.groupchats.GroupChatDirectory.Added;
import dev.revenant.mig33.service.groupchats.GroupChatDirectory.Chat;
import dev.revenant.mig33.service.groupchats.GroupChatDirectory.NotIn;
import dev.revenant.mig33.service.groupchats.GroupChatDirectory.TooMany;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules the live group chats keep on their own: who is in, the size limit, takeovers, the end. */
class LocalGroupChatDirectoryTest {
    private final GroupChatDirectory chats = new LocalGroupChatDirectory();
    private final Seat alice = new Seat("alice");
    private final Seat bob = new Seat("bob");
    private final Seat carol = new Seat("carol");

    private static Map<String, SessionHandle> seats(Seat... seats) {
        Map<String, SessionHandle> all = new LinkedHashMap<>();
        for (Seat s : seats) {
            all.put(s.user(), s);
        }
        return all;
    }

    @Test
    void aChatOpensWithItsCreatorFirstUnderAnIdNobodyGuesses() {
        Chat chat = chats.open("alice", 1, alice, seats(bob));
        Chat other = chats.open("alice", 1, alice, seats(carol));
        assertThat(chat.id()).hasSize(20).isNotEqualTo(other.id());
        assertThat(chats.participants(chat.id())).containsExactly("alice", "bob");
        assertThat(chats.chatOf(chat.id(), "bob", bob)).contains(chat);
        assertThat(chats.chatOf(chat.id(), "carol", carol)).isEmpty();
        assertThat(chats.chatsOf(alice)).containsExactlyInAnyOrder(chat.id(), other.id());
        assertThat(chats.count()).isEqualTo(2);
    }

    @Test
    void anInvitationAddsOnlyNewcomersWithinTheLimitAndOnlyFromAParticipant() {
        Chat chat = chats.open("alice", 1, alice, seats(bob));
        assertThat(chats.invite(chat.id(), "carol", carol, seats(new Seat("dave")), 10)).isInstanceOf(NotIn.class);
        assertThat(chats.invite(chat.id(), "alice", alice, seats(carol, new Seat("dave")), 3))
                .isEqualTo(new TooMany(3));
        Seat bobElsewhere = new Seat("bob");
        Added added = (Added) chats.invite(chat.id(), "alice", alice, seats(bobElsewhere, carol), 3);
        // bob is in already: his seat stays the one he joined with
        assertThat(added.added()).containsOnlyKeys("carol");
        assertThat(added.others()).containsExactly("alice", "bob");
        assertThat(chats.chatOf(chat.id(), "bob", bob)).isPresent();
        assertThat(chats.chatOf(chat.id(), "bob", bobElsewhere)).isEmpty();
    }

    @Test
    void onlyTheSessionThatJoinedLeavesAndTheLastOneEndsTheChat() {
        Chat chat = chats.open("alice", 1, alice, seats(bob));
        assertThat(chats.leave(chat.id(), "bob", new Seat("bob"))).isEmpty();
        assertThat(chats.leave(chat.id(), "bob", bob)).contains(List.of("alice"));
        assertThat(chats.chatsOf(bob)).isEmpty();
        assertThat(chats.leave(chat.id(), "alice", alice)).isEqualTo(Optional.of(List.of()));
        assertThat(chats.count()).isZero();
        assertThat(chats.chatOf(chat.id(), "alice", alice)).isEmpty();
        assertThat(chats.invite(chat.id(), "alice", alice, seats(carol), 10)).isInstanceOf(NotIn.class);
    }
}
