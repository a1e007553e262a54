/** The mig33 chat gateway. */
package dev.revenant.mig33;
