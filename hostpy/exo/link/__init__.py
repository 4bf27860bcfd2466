"""The host side of the serial link: wire schema, byte transports and the session protocol."""
