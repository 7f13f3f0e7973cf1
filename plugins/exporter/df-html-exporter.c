/* df-html-exporter.c: being written */
