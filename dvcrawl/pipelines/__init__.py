"""Item pipelines, one job each, in order: normalise → validate → deduplicate → export."""
