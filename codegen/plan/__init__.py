"""The plan: what every language's SDK does, decided once, language-neutral.

``requests``: each operation's request (path, query, headers, JSON body tree, fixed values,
client settings), its reply (decoded, unwrapped, a page of a list, or a URL built locally) and
its retry and idempotency rules. ``spell``: those decisions as the views a language's
templates receive (``views``), spelled through the language's small :class:`~spell.Speller`.
"""
