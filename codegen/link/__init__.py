"""The linker's stages, one module each (``codegen.linker`` runs them in order):

1. ``descriptions``: the global descriptions and description references;
2. ``entries``: one language's entries into operations, models, option classes, with every
   entry reference resolved;
3. ``types``: named types tied to their declarations;

then, across languages, ``codegen.wire`` (the HTTP wire), ``codegen.objects`` (objects other
languages define) and ``codegen.enums`` (literal unions as enums).
"""
