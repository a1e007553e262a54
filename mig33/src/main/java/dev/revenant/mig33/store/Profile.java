package dev.revenant.mig33.store;

/**
 * What USER_PROFILE 906 shows of a user (spec §9), and what they show their contacts. Text fields are
 * null when never set; numbers are null when unknown.
 *
 * @param dateOfBirth ms since the epoch
 */
public record Profile(String displayName, String firstName, String lastName, String city, String state,
                      Integer countryId, Long dateOfBirth, Integer gender, String email, String mobilePhone,
                      String awayMessage, String statusMessage, String displayPicture) {}
