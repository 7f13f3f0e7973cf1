/* df-pdf-exporter.c: being written */
