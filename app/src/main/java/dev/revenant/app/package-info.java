/** The revenant command and its wiring. */
package dev.revenant.app;
