/* exporter-markdown.c: being written */
