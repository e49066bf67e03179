"""Marshmallow schemas: they validate and serialise, never write."""

from schemas import messages

messages.install()  # before any schema builds its fields: they copy the messages
