"""Test equipment: the fault-injecting loopback server and the registries pointing at it."""
