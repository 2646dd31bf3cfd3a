"""The database: raw snapshots, parsed versions, entities, change events, temporal queries."""
