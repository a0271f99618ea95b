"""codegen: SDK code for eight languages from API reference front matter."""
