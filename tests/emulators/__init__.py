"""Loopback emulators of the services verify talks to (imported as `emulators.<name>`)."""
