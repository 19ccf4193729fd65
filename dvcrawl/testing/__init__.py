"""Test equipment: the fault-injecting loopback server and the registries pointing at it, a
throwaway PostgreSQL cluster; tests and demonstrations start and stop them."""
