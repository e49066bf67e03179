"""Marshmallow schemas: they validate and serialise, never write."""
