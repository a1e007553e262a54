/** The PangYa LoginService. */
package dev.revenant.pangya;
