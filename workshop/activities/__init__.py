"""Live activity kinds. `registry.KINDS` maps a kind name to its ActivityKind."""
