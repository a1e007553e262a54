package dev.revenant.mig33.store;

/** What registration (or an operator) gives for a new account; the password is sealed already. */
public record NewAccount(String username, String passwordSealed, String mobilePhone, String displayName,
                         String firstName, String lastName, String dateOfBirth, String email) {}
