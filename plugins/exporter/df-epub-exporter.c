/* df-epub-exporter.c: being written */
