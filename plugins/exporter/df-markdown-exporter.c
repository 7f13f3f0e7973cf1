/* df-markdown-exporter.c: being written */
