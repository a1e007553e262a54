package dev.revenant.mig33.service.contacts;

import dev.revenant.core.log.LogText;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.session.Dispatch;
import dev.revenant.mig33.session.Mig33Session;
import dev.revenant.mig33.session.Usernames;
import dev.revenant.mig33.store.Account;
import dev.revenant.mig33.store.AccountStore;
import dev.revenant.mig33.store.ContactRequestStore;
import dev.revenant.mig33.store.PermissionStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The allow and block lists (GET_PERMISSION_LIST 415 → PERMISSION_LIST 416, SET_PERMISSION 417). Blocking
 * someone drops their messages and contact requests and hides your presence from them, and they are
 * never told. Allowing someone pre-approves them: their request (waiting or future) counts as accepted.
 */
public final class Privacy {
    private static final Logger log = LoggerFactory.getLogger(Privacy.class);

    private final Mig33Config config;
    private final AccountStore accountStore;
    private final ContactRequestStore requestStore;
    private final PermissionStore permissionStore;
    private final ContactRequests requests;

    public Privacy(Mig33Config config, AccountStore accountStore, ContactRequestStore requestStore,
                    PermissionStore permissionStore, ContactRequests requests) {
        this.config = config;
        this.accountStore = accountStore;
        this.requestStore = requestStore;
        this.permissionStore = permissionStore;
        this.requests = requests;
    }

    /** Registers the allow and block lists' handlers. */
    public void register(Dispatch d) {
        d.loggedIn(Request.GetPermissionList.class, this::list);
        d.loggedIn(Request.SetPermission.class, this::set);
    }

    /** GET_PERMISSION_LIST (415; its list type is ignored: both lists are always sent). */
    void list(Mig33Session s, Request.GetPermissionList r) {
        int me = s.account().id();
        s.send(ServerPackets.permissionList(r.txn(), permissionStore.usernames(me, PermissionStore.ALLOW),
                permissionStore.usernames(me, PermissionStore.BLOCK)));
    }

    /** SET_PERMISSION (417: 1 username, 2 permission 1 allow / 2 block; 0 clears, this server's extension). */
    void set(Mig33Session s, Request.SetPermission r) {
        String name = Usernames.normalize(r.username());
        long permission = r.permission();
        if (permission != PermissionStore.NONE && permission != PermissionStore.ALLOW && permission != PermissionStore.BLOCK) {
            s.error(r, "Permission must be 1 (allow), 2 (block) or 0 (neither)");
            return;
        }
        Account me = s.account();
        if (name.isEmpty() || name.equals(me.username())) {
            s.error(r, "Name another mig33 user");
            return;
        }
        Optional<Account> other = accountStore.find(name);
        if (other.isEmpty()) {
            s.error(r, "There is no mig33 user called " + name);
            return;
        }
        int max = config.maxPermissionEntries();
        if (permission != PermissionStore.NONE && permissionStore.permission(me.id(), other.get().id()) == PermissionStore.NONE
                && permissionStore.count(me.id()) >= max) {
            s.error(r, "Your allow and block lists are full (" + max + " users)");
            return;
        }
        apply(s, other.get(), (int) permission);
        s.send(ServerPackets.ok(r.txn(), "Permission set"));
    }

    /** Stores the permission and brings both sessions in line with it. */
    void apply(Mig33Session s, Account other, int permission) {
        Account me = s.account();
        Optional<Integer> shownBefore = requestStore.visibleEntry(other.id(), me.id());
        if (permission == PermissionStore.BLOCK) {
            s.block(other.username());
        } else {
            s.unblock(other.username());
        }
        permissionStore.set(me.id(), other.id(), permission);
        if (permission == PermissionStore.ALLOW
                && requestStore.approval(other.id(), me.id()).map(ContactRequestStore.PENDING::equals).orElse(false)) {
            requestStore.setApproval(other.id(), me.id(), ContactRequestStore.ACCEPTED);
        }
        Optional<Integer> shownAfter = requestStore.visibleEntry(other.id(), me.id());
        if (shownBefore.isPresent() && shownAfter.isEmpty()) {
            requests.hideFrom(other.username(), me.username(), shownBefore.get());
        } else if (shownBefore.isEmpty() && shownAfter.isPresent()) {
            requests.showTo(other.username(), other.id(), me);
        }
        log.debug("event=permission_set user={} other={} permission={}", LogText.escape(me.username()),
                LogText.escape(other.username()), permission);
    }

}
