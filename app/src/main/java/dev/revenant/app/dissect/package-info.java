/**
 * {@code revenant dissect}: a capture's TCP connections put back in order and read as mig33 packets,
 * named as spec §9 names them.
 */
package dev.revenant.app.dissect;
