"""Sub-commands of the `dvcrawl` CLI, one module each with `add_arguments` and `main`."""
