"""Scaling out: every core of a machine (`dvcrawl run --workers N`), then many machines
(Scrapyd nodes sharing one PostgreSQL store: `dvcrawl schedule`, `dvcrawl publish`,
`dvcrawl cluster-demo`)."""
