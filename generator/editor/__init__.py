"""Editors' tools: scaffolding, JSON Schemas of record files, and the live preview."""
