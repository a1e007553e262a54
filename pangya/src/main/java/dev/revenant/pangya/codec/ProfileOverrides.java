package dev.revenant.pangya.codec;

/**
 * Configuration overrides of a {@link Profile}; a null (absent) value keeps the profile's own.
 *
 * @param successUnknown 14 bytes as hex, spaces allowed ("00 00 00 00 25 00 00 00 00 00 00 00 00 00")
 */
public record ProfileOverrides(
        Integer statusNeedNickname,
        Integer statusNeedCharacter,
        Integer statusError,
        PasswordForm passwordForm,
        Integer loginTailLength,
        Integer serverEntrySize,
        String codePage,
        String successUnknown,
        Long bannedCode,
        Long maintenanceCode) {

    public static ProfileOverrides none() {
        return new ProfileOverrides(null, null, null, null, null, null, null, null, null, null);
    }
}
