"""Reading an article: the input (path, stdin or URL), its format, its text and its lines."""
