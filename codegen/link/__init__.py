"""The linker's stages, one module each (``codegen.linker`` runs them in order):

1. ``descriptions``: the global descriptions and description references;
2. ``entries``: one language's entries into operations and models, with every entry reference
   resolved;
3. ``options``: the option classes of its operations' object parameters, and models defined on
   several pages merged;
4. ``inline``: objects defined inline made models (two different ones of a name kept apart);
5. ``types``: named types tied to their declarations;

then, across languages, ``codegen.wire`` (the HTTP wire), ``codegen.objects`` (objects other
languages define) and ``codegen.enums`` (literal unions as enums).
"""
